using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Transfer.Api.Hosting;

/// <summary>
/// Answers 503 with Retry-After when the database cannot serve the request now (it is down, restarting,
/// refusing connections, or every pooled connection is busy), rather than a 500: the request can simply
/// be sent again: a write commits in one transaction or not at all, and sent again with its Idempotency-Key it is
/// recorded once, whichever it was.
/// </summary>
public sealed class DatabaseUnavailableExceptionHandler(IProblemDetailsService problems, ILogger<DatabaseUnavailableExceptionHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailable(exception) || http.Response.HasStarted) return false;
        logger.LogWarning("{Method} {Path}: the database could not serve it ({Reason})", http.Request.Method, http.Request.Path, Innermost(exception).Message);
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Temporarily unavailable",
                Detail = IsWrite(http.Request.Method)
                    // The connection can fail after the commit reached the database and before its answer did: only the retry knows.
                    ? $"The database could not be reached while this write was being made: it may or may not have been recorded. Send it again in {RetryAfterSeconds} seconds with the same Idempotency-Key: that is safe, it is recorded once."
                    : $"The database cannot serve this request right now. Try again in {RetryAfterSeconds} seconds.",
            },
        });
    }

    /// <summary>Whether the failure is the database being out of reach or out of capacity, anywhere in the chain of causes.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Class 08 (connection exception), 53 (insufficient resources), 57P (operator intervention: shutdown, restart).
                case PostgresException postgres when postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                                                     || postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
                                                     || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal):
                    return true;
                case PostgresException:
                    return false;
                // No connection could be made or kept, or the pool had none free in time.
                case NpgsqlException { IsTransient: true }:
                case NpgsqlException { InnerException: TimeoutException or System.Net.Sockets.SocketException or IOException }:
                    return true;
            }
        }
        return false;
    }

    private static bool IsWrite(string method) => !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));

    private static Exception Innermost(Exception exception) => exception.InnerException is { } inner ? Innermost(inner) : exception;
}
