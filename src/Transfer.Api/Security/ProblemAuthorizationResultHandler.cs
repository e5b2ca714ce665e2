using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Transfer.Api.Security;

/// <summary>
/// Answers a refused request as ASP.NET Core would (the bearer scheme's challenge or forbid, with its
/// WWW-Authenticate header), with a problem body a client can act on: why the token was not accepted,
/// or which roles the route needs.
/// </summary>
public sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler standard = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext http, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Succeeded)
        {
            await next(http);
            return;
        }
        await standard.HandleAsync(next, http, policy, result);
        if (http.Response.HasStarted) return;

        var roleless = !Roles.All.Any(http.User.IsInRole);
        var problem = result.Forbidden
            ? new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = roleless ? "Signed in, but without a role here" : "Not allowed for your role",
                Detail = roleless
                    ? NoRole(http.User)
                    : policy.Requirements.OfType<RolesAuthorizationRequirement>().FirstOrDefault() is { } roles
                        ? $"This route needs one of the roles: {string.Join(", ", roles.AllowedRoles)}."
                        : "Your token does not allow this route.",
            }
            : new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Sign-in required",
                Detail = http.Items[SecuritySetup.RefusalItem] as string
                    ?? "Sign in (GET /signin/providers lists where), or send a valid, unexpired bearer token in the Authorization header.",
            };
        http.Response.StatusCode = problem.Status!.Value;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }

    /// <summary>Signed in (the provider knows the person) but given none of our roles: say so, and what to do.</summary>
    private static string NoRole(System.Security.Claims.ClaimsPrincipal user) =>
        $"You are signed in as {user.FindFirst(SecuritySetup.NameClaim)?.Value ?? user.FindFirst(SecuritySetup.SubjectClaim)?.Value}, " +
        $"but your sign-in gives you none of this tool's roles ({string.Join(", ", Roles.All)}). " +
        "Ask whoever administers your organisation's sign-in to assign you one (in Entra ID: the application's app roles).";
}
