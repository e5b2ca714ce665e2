using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace Transfer.Api.Security;

/// <param name="County">The county whose people it signs in; none for a national provider.</param>
public sealed record SignInProviderListing(string Name, string DisplayName, string? County);

/// <summary>What a page (or a client) may know of whoever is calling.</summary>
/// <param name="Antiforgery">With a session: the header and token every write must carry.</param>
public sealed record Me(string Name, string UserId, IReadOnlyList<string> Roles, string? County, string? Provider,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AntiforgeryHeader? Antiforgery);

public sealed record AntiforgeryHeader(string Header, string Token);

/// <summary>Signing in and out through a county's provider, and who the caller is (API.md, "Sign-in").</summary>
public static class SignInEndpoints
{
    [WolverineGet("/signin/providers", OperationId = "ListSignInProviders", Summary = "The providers a person can sign in with"), AllowAnonymous]
    [Tags(ApiTags.SignIn)]
    [ProducesResponseType<IReadOnlyList<SignInProviderListing>>(StatusCodes.Status200OK)]
    public static IReadOnlyList<SignInProviderListing> Providers(AuthOptions auth) =>
        auth.Providers.Select(pair => new SignInProviderListing(pair.Key, pair.Value.DisplayName ?? pair.Key, NullIfEmpty(pair.Value.County))).ToList();

    [WolverineGet("/signin", OperationId = "SignIn", Summary = "Sign in through a provider",
        Description = "Sends the browser to the provider (the authorization code flow with PKCE); it comes back to /signin-oidc/<provider>, " +
                      "which starts the session and sends it on to returnUrl."), AllowAnonymous]
    [Tags(ApiTags.SignIn)]
    [Describes("provider", "The provider's name, as GET /signin/providers lists it.")]
    [Describes("returnUrl", "Where to go once signed in: a path on this site, e.g. /#/organisations (default /).")]
    [ProducesResponseType(StatusCodes.Status302Found)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static IResult SignIn(string? provider, string? returnUrl, AuthOptions auth)
    {
        if (string.IsNullOrEmpty(provider) || !auth.Providers.ContainsKey(provider))
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such sign-in provider",
                detail: $"No provider is called '{provider}' here; GET /signin/providers lists them.");
        var target = string.IsNullOrEmpty(returnUrl) ? "/" : returnUrl;
        if (!IsLocalPath(target))
            return Problems.Validation("returnUrl", "must be a path on this site, starting with a single '/', e.g. /#/organisations");
        return Results.Challenge(new AuthenticationProperties { RedirectUri = target }, [SecuritySetup.ProviderSignInScheme(provider)]);
    }

    [WolverinePost("/signout", OperationId = "SignOut", Summary = "Sign out",
        Description = "Ends the session here and sends the browser to the provider to end its session too (where it offers that), then back to /. " +
                      "A session's sign-out carries its anti-forgery token (header or form field __RequestVerificationToken)."),
     Authorize(Policy = SecuritySetup.SignedIn)]
    [Tags(ApiTags.SignIn)]
    [ProducesResponseType(StatusCodes.Status302Found)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    public static async Task<IResult> SignOut(HttpContext http, AuthOptions auth, IOptionsMonitor<OpenIdConnectOptions> signIns)
    {
        if (http.User.Identity?.AuthenticationType != SecuritySetup.SessionScheme)
            return Results.Redirect("/");
        if (http.User.FindFirstValue(ProviderIdentity.ProviderClaim) is { } provider && auth.Providers.ContainsKey(provider)
            && await EndSessionOffered(signIns.Get(SecuritySetup.ProviderSignInScheme(provider)), http.RequestAborted))
        {
            // The provider's handler reads the session's ID token for its end-session request, so it goes first.
            await http.SignOutAsync(SecuritySetup.ProviderSignInScheme(provider), new AuthenticationProperties { RedirectUri = "/" });
            await http.SignOutAsync(SecuritySetup.SessionScheme);
            return Results.Empty;
        }
        await http.SignOutAsync(SecuritySetup.SessionScheme);
        return Results.Redirect("/");
    }

    [WolverineGet("/api/me", OperationId = "WhoAmI", Summary = "Who is calling",
        Description = "The person's name, stable id, roles, county and provider; with a session also the anti-forgery header and token its writes carry. " +
                      "A person signed in without any of our roles gets this, and 403 from every other route."),
     Authorize(Policy = SecuritySetup.SignedIn)]
    [Tags(ApiTags.SignIn)]
    [ProducesResponseType<Me>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    public static Me WhoAmI(HttpContext http, IAntiforgery antiforgery)
    {
        var user = http.User;
        var userId = user.FindFirstValue(SecuritySetup.SubjectClaim) ?? user.RecordedBy();
        var session = user.Identity?.AuthenticationType == SecuritySetup.SessionScheme
            ? new AntiforgeryHeader(SecuritySetup.AntiforgeryHeader, antiforgery.GetAndStoreTokens(http).RequestToken!)
            : null;
        return new Me(user.FindFirstValue(SecuritySetup.NameClaim) ?? userId, userId,
            Roles.All.Where(user.IsInRole).ToList(), user.FindFirstValue(Counties.CountyResolution.Claim),
            user.FindFirstValue(ProviderIdentity.ProviderClaim), session);
    }

    private static async Task<bool> EndSessionOffered(OpenIdConnectOptions options, CancellationToken cancellation) =>
        options.ConfigurationManager is { } metadata
        && !string.IsNullOrEmpty((await metadata.GetConfigurationAsync(cancellation)).EndSessionEndpoint);

    /// <summary>A path on this site: one leading '/', not '//' or '/\' (which browsers read as another host).</summary>
    public static bool IsLocalPath(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
        && !url.Any(char.IsControl);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
