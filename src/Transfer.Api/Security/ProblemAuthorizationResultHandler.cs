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

        var problem = result.Forbidden
            ? new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Not allowed for your role",
                Detail = policy.Requirements.OfType<RolesAuthorizationRequirement>().FirstOrDefault() is { } roles
                    ? $"This route needs one of the roles: {string.Join(", ", roles.AllowedRoles)}."
                    : "Your token does not allow this route.",
            }
            : new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Sign-in required",
                Detail = http.Items.ContainsKey(SecuritySetup.NamesNoOne)
                    ? SecuritySetup.NamesNoOne
                    : "Send a valid, unexpired bearer token in the Authorization header (the README says how to get one).",
            };
        http.Response.StatusCode = problem.Status!.Value;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }
}
