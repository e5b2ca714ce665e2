using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Transfer.Api.Infrastructure;

/// <summary>
/// ASP.NET Core's rate limiter, so that load is refused in words rather than failing: at most
/// <see cref="ConcurrentRequests"/> API requests are served at once (fewer than the database connections
/// in the pool) and up to <see cref="QueuedRequests"/> more wait their turn; past that, 503 with
/// Retry-After. The expensive routes (the audit's verify, the whole event log as CSV) run
/// <see cref="ConcurrentExpensiveRuns"/> at a time and answer 429 with Retry-After beyond, so they
/// cannot starve the boards; health and the static dashboard are never limited.
/// </summary>
public static class RequestLimits
{
    public const string Expensive = "expensive";
    public const int ConcurrentRequests = 32;
    public const int QueuedRequests = 1000;
    public const int ConcurrentExpensiveRuns = 2;
    public const int OpenStreams = 1000;

    /// <summary>A run of the verify, or the event log as a file (CSV or workbook) without a page limit (the whole selection).</summary>
    private static bool IsExpensive(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api/audit/verify")
        || http.Request.Path.StartsWithSegments("/api/audit/events") && !http.Request.Query.ContainsKey("limit")
           && Audit.AuditEndpoints.FileAsked(http.Request) is not null;

    public static IServiceCollection AddTransferRequestLimits(this IServiceCollection services) => services.AddRateLimiter(limits =>
    {
        limits.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            // An open dashboard's change stream lasts as long as the dashboard and holds no database
            // connection: it counts against a limit of its own, not the requests'.
            http.Request.Path.StartsWithSegments("/api/boards/changes")
                ? RateLimitPartition.GetConcurrencyLimiter("streams", _ => new ConcurrencyLimiterOptions { PermitLimit = OpenStreams, QueueLimit = 0 })
            : http.Request.Path.StartsWithSegments("/api")
                ? RateLimitPartition.GetConcurrencyLimiter("api", _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = ConcurrentRequests, QueueLimit = QueuedRequests, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                })
                : RateLimitPartition.GetNoLimiter("unlimited"));
        limits.AddPolicy(Expensive, http => IsExpensive(http)
            ? RateLimitPartition.GetConcurrencyLimiter(Expensive, _ => new ConcurrencyLimiterOptions { PermitLimit = ConcurrentExpensiveRuns, QueueLimit = 0 })
            : RateLimitPartition.GetNoLimiter("cheap"));
        limits.OnRejected = async (context, cancellation) =>
        {
            var http = context.HttpContext;
            var expensive = IsExpensive(http);
            var (status, retryAfter, detail) = expensive
                ? (StatusCodes.Status429TooManyRequests, 10, $"At most {ConcurrentExpensiveRuns} of these run at a time, and that many are running; try again shortly.")
                : (StatusCodes.Status503ServiceUnavailable, 2, "The server is at capacity; try again shortly.");
            http.Response.StatusCode = status;
            http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails { Status = status, Title = expensive ? "Too many at once" : "Busy", Detail = detail },
            });
        };
    });
}
