using System.Security.Claims;

namespace Transfer.Api.Security;

/// <summary>
/// Who a provider says a person (or an integration) is, in our own terms: their stable id, name and roles as the
/// installation maps the provider's claims, and the county of the provider that vouched for them. Everything
/// else the provider's token carries is dropped, a <c>county</c> claim included: which county a person acts in is
/// the provider's to decide, by configuration, never the token's.
/// </summary>
public static class ProviderIdentity
{
    /// <summary>The claim naming the provider that signed the person in.</summary>
    public const string ProviderClaim = "provider";

    /// <summary>Our claims for the person <paramref name="fromProvider"/> describes, or why they cannot be recorded as anyone.</summary>
    /// <param name="authenticationType">Session or Bearer: how the identity reached us (writes by a session need anti-forgery).</param>
    /// <param name="countiesConfigured">Whether the installation names its counties: then a provider without one is national.</param>
    public static (ClaimsIdentity? Identity, string? Problem) Map(ClaimsPrincipal fromProvider, string providerName, SignInProvider provider,
        AuthOptions auth, bool countiesConfigured, string authenticationType)
    {
        var userId = fromProvider.FindFirstValue(auth.UserIdClaim);
        if (!SecuritySetup.IsUsableName(userId))
            return (null, $"The provider's token carries no usable '{auth.UserIdClaim}' claim (Auth:UserIdClaim): printable text of at most {SecuritySetup.MaxNameLength} characters.");
        var name = fromProvider.FindFirstValue(auth.NameClaim);

        var claims = new List<Claim> { new(SecuritySetup.SubjectClaim, userId!), new(ProviderClaim, providerName) };
        if (SecuritySetup.IsUsableName(name)) claims.Add(new Claim(SecuritySetup.NameClaim, name!));
        claims.AddRange(RolesOf(fromProvider, provider, auth, countiesConfigured).Select(role => new Claim(SecuritySetup.RoleClaim, role)));
        if (provider.County is { Length: > 0 } county) claims.Add(new Claim(Counties.CountyResolution.Claim, county));
        return (new ClaimsIdentity(claims, authenticationType, SecuritySetup.NameClaim, SecuritySetup.RoleClaim), null);
    }

    /// <summary>
    /// Our roles the provider's role claim grants. A county's provider vouches for its own people, never for a
    /// ministry's; a provider of no county (where counties are configured) vouches only for national readers.
    /// </summary>
    public static IEnumerable<string> RolesOf(ClaimsPrincipal fromProvider, SignInProvider provider, AuthOptions auth, bool countiesConfigured)
    {
        var values = fromProvider.FindAll(auth.RoleClaim).Select(claim => claim.Value).ToHashSet(StringComparer.Ordinal);
        var granted = Roles.All.Where(role => auth.ValuesFor(role).Any(values.Contains));
        if (!countiesConfigured) return granted;
        return string.IsNullOrEmpty(provider.County)
            ? granted.Where(role => role == Roles.National)
            : granted.Where(role => role != Roles.National);
    }
}
