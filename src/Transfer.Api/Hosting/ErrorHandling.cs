using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Transfer.Api.Hosting;

/// <summary>
/// Turns what a client got wrong at the HTTP level (a body over the limit, a broken request) into
/// problem details with the status the server raised; anything else stays a 500 and is logged.
/// Unreadable JSON never gets here: Wolverine answers it with a 400 problem itself.
/// </summary>
public sealed class ClientErrorExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;
        var problem = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? TooLarge(RequestBodyLimit.For(http))
            : new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message };

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails TooLarge(long limit) => new()
    {
        Status = StatusCodes.Status413PayloadTooLarge,
        Title = "Request body too large",
        Detail = $"A request body here may be at most {limit / 1024} KiB.",
    };
}

/// <summary>
/// Caps request bodies at 1 MiB, or at what a route's <see cref="BodyLimitAttribute"/> allows (an import's file).
/// Kestrel enforces the same limit while reading, for bodies that do not announce their length; this
/// refuses announced ones before anything is read.
/// </summary>
public static class RequestBodyLimit
{
    public const long Bytes = 1024 * 1024;

    /// <summary>The limit for this request: its route's own, or everyone else's.</summary>
    public static long For(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<BodyLimitAttribute>() is { } own
            ? own.Bytes(http.RequestServices.GetRequiredService<IConfiguration>())
            : Bytes;

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var bytes = For(http);
        if (http.Request.ContentLength > bytes)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>()
                .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = ClientErrorExceptionHandler.TooLarge(bytes) });
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = bytes;
        await next(http);
    });
}

/// <summary>A route that takes a larger body than <see cref="RequestBodyLimit.Bytes"/>: how large, as configured.</summary>
[AttributeUsage(AttributeTargets.Method)]
public abstract class BodyLimitAttribute : Attribute
{
    public abstract long Bytes(IConfiguration configuration);
}
