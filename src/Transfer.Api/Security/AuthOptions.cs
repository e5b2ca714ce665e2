using System.Text;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.Tokens;

namespace Transfer.Api.Security;

/// <summary>
/// The "Auth" configuration section (API.md, "Sign-in"): the OpenID Connect providers people sign in with, how
/// their claims name roles and people, and, for development and tests only, <see cref="SigningKey"/> for the
/// HS256 tokens of the <c>token</c> command.
/// </summary>
public sealed partial class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Development tokens' key; where it is not set, the API accepts no development token.</summary>
    public string? SigningKey { get; set; }
    public string Issuer { get; set; } = "transfer-dev";
    public string Audience { get; set; } = "transfer-api";

    /// <summary>The providers the installation trusts, by name (the name is in their redirect URI, /signin-oidc/&lt;name&gt;).</summary>
    public Dictionary<string, SignInProvider> Providers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The claim a provider's tokens carry roles in (Entra ID's app roles: <c>roles</c>).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Our role → the provider's value(s) for it, comma-separated; a role not named is its own name.</summary>
    public Dictionary<string, string> Roles { get; set; } = new(StringComparer.Ordinal);

    public string NameClaim { get; set; } = "name";

    /// <summary>The person's stable id: <c>sub</c>, or for Entra ID <c>oid</c> (the same in every application of the tenant).</summary>
    public string UserIdClaim { get; set; } = "sub";

    /// <summary>Where an earlier version read one provider's authority; now each provider has its own.</summary>
    public string? Authority { get; set; }

    public bool HasProviders => Providers.Count > 0;

    public const string NoSigningKey =
        "Auth:SigningKey is not set (Auth__SigningKey in the environment): development tokens need it. scripts/run.sh makes one and passes it.";

    public const string NobodyCanSignIn =
        "Nobody could sign in: configure a sign-in provider (Auth:Providers:<name>:Authority, ClientId, ClientSecret; docs/operations.md) " +
        "or, for development, Auth:SigningKey (scripts/run.sh makes one).";

    /// <summary>Where scripts/run.sh keeps the development key it makes, under the repository's root.</summary>
    private const string DevelopmentKeyFile = ".local/signing-key";

    /// <summary>
    /// The development key scripts/run.sh made, found from the working directory upwards: read only by the
    /// <c>token</c> command, so that a token minted in a fresh shell is one the API run.sh started accepts.
    /// The API itself reads no key file of its own accord.
    /// </summary>
    public static string? DevelopmentKey()
    {
        for (var folder = new DirectoryInfo(Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
        {
            var file = Path.Combine(folder.FullName, DevelopmentKeyFile);
            if (File.Exists(file)) return File.ReadAllText(file).Trim();
        }
        return null;
    }

    public SymmetricSecurityKey CreateSigningKey()
    {
        if (string.IsNullOrWhiteSpace(SigningKey))
            throw new InvalidOperationException(NoSigningKey);
        var bytes = Encoding.UTF8.GetBytes(SigningKey);
        if (bytes.Length < 32)
            throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes long for HS256.");
        return new SymmetricSecurityKey(bytes);
    }

    /// <summary>The provider's values that grant <paramref name="role"/>.</summary>
    public IReadOnlyList<string> ValuesFor(string role) =>
        Roles.TryGetValue(role, out var values) && !string.IsNullOrWhiteSpace(values)
            ? values.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [role];

    /// <summary>
    /// What is wrong with the providers' settings, one line each, so that a mistake stops the API at start with its
    /// setting's name rather than turning people away later.
    /// </summary>
    /// <param name="countyIds">The counties configured (empty where the installation names none).</param>
    /// <param name="development">Whether providers on http:// are allowed (tests on 127.0.0.1).</param>
    public IEnumerable<string> Problems(IReadOnlyCollection<string> countyIds, bool development)
    {
        if (!string.IsNullOrWhiteSpace(Authority))
            yield return "Auth:Authority is no longer read: name each provider under Auth:Providers:<name>:Authority (docs/operations.md).";
        foreach (var role in Roles.Keys.Where(role => !Security.Roles.All.Contains(role)))
            yield return $"Auth:Roles:{role} names no role of ours: {string.Join(", ", Security.Roles.All)}.";
        var authorities = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, provider) in Providers)
        {
            var at = $"Auth:Providers:{name}";
            if (!ProviderName().IsMatch(name))
                yield return $"{at}: a provider's name is lowercase letters, digits and '-' (it is part of its redirect URI /signin-oidc/<name>).";
            if (!Uri.TryCreate(provider.Authority, UriKind.Absolute, out var authority))
                yield return $"{at}:Authority must be the provider's issuer URL, e.g. https://login.microsoftonline.com/<tenant id>/v2.0.";
            else if (authority.Scheme != Uri.UriSchemeHttps && !(development && authority.Scheme == Uri.UriSchemeHttp))
                yield return $"{at}:Authority must use https:// (http:// only in Development, for tests on this machine).";
            else if (authorities.TryGetValue(provider.Issuer, out var other))
                yield return $"{at}:Authority is the same as Auth:Providers:{other}'s: each provider is trusted once, for one county.";
            else
                authorities[provider.Issuer] = name;
            if (string.IsNullOrWhiteSpace(provider.ClientId))
                yield return $"{at}:ClientId is missing: the application's id at the provider.";
            if (string.IsNullOrWhiteSpace(provider.ClientSecret))
                yield return $"{at}:ClientSecret is missing: the server signs people in as a confidential client.";
            if (provider.County is { Length: > 0 } county && !countyIds.Contains(county))
                yield return countyIds.Count == 0
                    ? $"{at}:County names '{county}', but no counties are configured (Counties:<id>:Name); leave it out where one county is served."
                    : $"{at}:County names '{county}', which is not one of the counties configured: {string.Join(", ", countyIds)}.";
        }
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,63}\z")]
    private static partial Regex ProviderName();
}

/// <summary>One OpenID Connect provider (a county's Entra ID tenant, or the state's for national users).</summary>
public sealed class SignInProvider
{
    public string Authority { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string? ClientSecret { get; set; }
    /// <summary>The audience of the access tokens it issues for this API; default the client id.</summary>
    public string? Audience { get; set; }
    /// <summary>The county whose people it signs in; none for a national provider (or where one county is served).</summary>
    public string? County { get; set; }
    public string? DisplayName { get; set; }

    /// <summary>The issuer its tokens name: the authority as configured, without a trailing slash.</summary>
    public string Issuer => Authority.TrimEnd('/');

    public string AccessTokenAudience => string.IsNullOrWhiteSpace(Audience) ? ClientId : Audience;
}
