using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Transfer.Api.Infrastructure;

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
            ? TooLarge()
            : new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message };

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails TooLarge() => new()
    {
        Status = StatusCodes.Status413PayloadTooLarge,
        Title = "Request body too large",
        Detail = $"A request body may be at most {RequestBodyLimit.Bytes / 1024} KiB.",
    };
}

/// <summary>
/// Caps request bodies at 1 MiB. Kestrel enforces the same limit while reading, for bodies that do not
/// announce their length; this refuses announced ones before anything is read.
/// </summary>
public static class RequestBodyLimit
{
    public const long Bytes = 1024 * 1024;

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.ContentLength > Bytes)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>()
                .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = ClientErrorExceptionHandler.TooLarge() });
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = Bytes;
        await next(http);
    });
}
