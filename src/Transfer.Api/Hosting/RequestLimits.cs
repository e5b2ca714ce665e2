using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Transfer.Api.Hosting;

/// <summary>
/// ASP.NET Core's rate limiter, so that load is refused in words rather than failing: at most
/// <see cref="ConcurrentRequests"/> API requests are served at once (fewer than the database connections
/// in the pool) and up to <see cref="QueuedRequests"/> more wait their turn; past that, 503 with
/// Retry-After. The expensive routes (those that say <c>[EnableRateLimiting(RequestLimits.Expensive)]</c>,
/// narrowed by an <see cref="ExpensiveWhenAttribute"/> where only some of their requests are) run
/// <see cref="ConcurrentExpensiveRuns"/> at a time and answer 429 with Retry-After beyond, so they
/// cannot starve the boards; a <see cref="LiveStreamAttribute"/> route counts against a limit of its own;
/// health and the static dashboard are never limited.
/// </summary>
public static class RequestLimits
{
    public const string Expensive = "expensive";
    public const int ConcurrentRequests = 32;
    public const int QueuedRequests = 1000;
    public const int ConcurrentExpensiveRuns = 2;
    public const int OpenStreams = 1000;
    /// <summary>Live streams one person may hold open at once (a few tabs): one client cannot take every stream.</summary>
    public const int StreamsPerPerson = 4;

    /// <summary>Whether this request runs under the expensive policy: its route says so, for this request.</summary>
    private static bool IsExpensive(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata is not { } metadata || metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName != Expensive)
            return false;
        return metadata.GetMetadata<ExpensiveWhenAttribute>() is not { } when || when.Applies(http.Request);
    }

    private static bool IsLiveStream(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<LiveStreamAttribute>() is not null;

    /// <summary>Who holds a stream: the person's stable id as the sign-in that vouched for them names it.</summary>
    private static string Person(HttpContext http) =>
        string.Join('|', new[] { "provider", "county", "sub", "name" }.Select(claim => http.User.FindFirst(claim)?.Value));

    public static IServiceCollection AddRequestLimits(this IServiceCollection services) => services.AddRateLimiter(limits =>
    {
        var requests = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            // A live stream (an open dashboard's) lasts as long as its client and holds no database
            // connection: it counts against a limit of its own, not the requests'.
            IsLiveStream(http)
                ? RateLimitPartition.GetConcurrencyLimiter("streams", _ => new ConcurrencyLimiterOptions { PermitLimit = OpenStreams, QueueLimit = 0 })
            : http.Request.Path.StartsWithSegments("/api")
                ? RateLimitPartition.GetConcurrencyLimiter("api", _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = ConcurrentRequests, QueueLimit = QueuedRequests, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                })
                : RateLimitPartition.GetNoLimiter("unlimited"));
        var streamsPerPerson = PartitionedRateLimiter.Create<HttpContext, string>(http => IsLiveStream(http)
            ? RateLimitPartition.GetConcurrencyLimiter($"streams of {Person(http)}", _ => new ConcurrencyLimiterOptions { PermitLimit = StreamsPerPerson, QueueLimit = 0 })
            : RateLimitPartition.GetNoLimiter("unlimited"));
        limits.GlobalLimiter = PartitionedRateLimiter.CreateChained(requests, streamsPerPerson);
        limits.AddPolicy(Expensive, http => IsExpensive(http)
            ? RateLimitPartition.GetConcurrencyLimiter(Expensive, _ => new ConcurrencyLimiterOptions { PermitLimit = ConcurrentExpensiveRuns, QueueLimit = 0 })
            : RateLimitPartition.GetNoLimiter("cheap"));
        limits.OnRejected = async (context, cancellation) =>
        {
            var http = context.HttpContext;
            var expensive = IsExpensive(http);
            var (status, retryAfter, detail) = expensive
                ? (StatusCodes.Status429TooManyRequests, 10, $"At most {ConcurrentExpensiveRuns} of these run at a time, and that many are running; try again shortly.")
                : IsLiveStream(http)
                    ? (StatusCodes.Status429TooManyRequests, 10, $"At most {StreamsPerPerson} live streams are open for one person, and {OpenStreams} in all: close another tab of the dashboard, or try again shortly.")
                    : (StatusCodes.Status503ServiceUnavailable, 2, "The server is at capacity; try again shortly.");
            http.Response.StatusCode = status;
            http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails { Status = status, Title = status == StatusCodes.Status429TooManyRequests ? "Too many at once" : "Busy", Detail = detail },
            });
        };
    });
}

/// <summary>
/// On a route under the expensive policy, narrows it to the requests this says are expensive (a page of the event
/// log is cheap where the whole log as a file is not).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public abstract class ExpensiveWhenAttribute : Attribute
{
    public abstract bool Applies(HttpRequest request);
}

/// <summary>A route that holds its answer open as long as the client stays (server-sent events), holding no database connection.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LiveStreamAttribute : Attribute;
