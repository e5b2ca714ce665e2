using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Transfer.Api.Security;

/// <summary>
/// Where a bearer token goes whose issuer this installation does not trust (or that is no token at all): refused,
/// with the reason in the 401, before any key is fetched for it.
/// </summary>
public sealed class UntrustedTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(AuthenticateResult.NoResult());
        var issuer = IssuerOf(Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim());
        var reason = issuer is null
            ? "The bearer token is not a JSON Web Token with an issuer."
            : "The token's issuer is not a provider this installation trusts (GET /signin/providers lists them).";
        Context.Items[SecuritySetup.RefusalItem] = reason;
        return Task.FromResult(AuthenticateResult.Fail(reason));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        return Task.CompletedTask;
    }

    /// <summary>The <c>iss</c> a token names, read without trusting it (to choose who may check it), or null.</summary>
    public static string? IssuerOf(string token)
    {
        try
        {
            return new JsonWebToken(token).Issuer is { Length: > 0 } issuer ? issuer : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
