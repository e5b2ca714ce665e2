using Microsoft.AspNetCore.Antiforgery;

namespace Transfer.Api.Security;

/// <summary>
/// A browser sends the session cookie with whatever page made the request, so a write made with the session must
/// also carry the anti-forgery token that only our own page can read (GET /api/me): in the header
/// <see cref="SecuritySetup.AntiforgeryHeader"/>, or in a plain form's field (the sign-out form). Bearer tokens are
/// not sent by browsers of their own accord and need none.
/// </summary>
public static class SessionAntiforgery
{
    public static IApplicationBuilder UseSessionAntiforgery(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.User.Identity is { IsAuthenticated: true, AuthenticationType: SecuritySetup.SessionScheme } && !IsSafe(http.Request.Method)
            && await Forged(http) is { } problem)
        {
            await problem.ExecuteAsync(http);
            return;
        }
        await next(http);
    });

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    private static async Task<IResult?> Forged(HttpContext http)
    {
        // A file upload is never read here for a token: only the header counts for it (a plain form's field for the rest).
        var readable = http.Request.Headers.ContainsKey(SecuritySetup.AntiforgeryHeader)
                       || http.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;
        if (readable)
        {
            try
            {
                await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
                return null;
            }
            catch (AntiforgeryValidationException)
            {
            }
        }
        return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Anti-forgery token missing or wrong",
            detail: $"A write made with a signed-in session must carry the header {SecuritySetup.AntiforgeryHeader} " +
                    "with the token GET /api/me gives (antiforgery.token). Reload the page and try again.");
    }
}
