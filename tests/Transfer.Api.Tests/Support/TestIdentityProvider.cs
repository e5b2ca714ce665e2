using System.Text.Json.Serialization;

namespace Transfer.Api.Tests.Support;

/// <summary>
/// One county's identity provider (an Entra ID tenant in production) as <see cref="OidcTestProvider"/> runs it:
/// the apps registered there, the APIs it issues tokens for and the people who can sign in. Serialised as the
/// configuration file that tests/oidc-provider/provider.mjs reads.
/// </summary>
public sealed record TestIdentityProvider([property: JsonPropertyName("name")] string Name)
{
    [JsonPropertyName("clients")] public IReadOnlyList<TestClient> Clients { get; init; } = [];

    /// <summary>The resource indicators a client may ask a token for; any other is refused.</summary>
    [JsonPropertyName("resources")]
    public IReadOnlyDictionary<string, TestResource> Resources { get; init; } = new Dictionary<string, TestResource> { ["api://transfer"] = new() };

    /// <summary>People by login name. Anyone else signs in too, as a person the tenant has given no app roles.</summary>
    [JsonPropertyName("accounts")] public IReadOnlyDictionary<string, TestAccount> Accounts { get; init; } = new Dictionary<string, TestAccount>();

    /// <summary>Another provider whose signing keys this one uses as its own: a token signed with a trusted key under the wrong issuer.</summary>
    [JsonPropertyName("sharesKeysWith")] public string? SharesKeysWith { get; init; }

    /// <summary>The port to listen on; 0 takes a free one.</summary>
    [JsonPropertyName("port")] public int Port { get; init; }
}

/// <summary>An app registered at the provider: the API signing people in, or a service calling the API with its own token.</summary>
public sealed record TestClient(
    [property: JsonPropertyName("client_id")] string ClientId,
    [property: JsonPropertyName("client_secret")] string Secret)
{
    [JsonPropertyName("redirect_uris")] public IReadOnlyList<string> RedirectUris { get; init; } = [];
    [JsonPropertyName("post_logout_redirect_uris")] public IReadOnlyList<string> PostLogoutRedirectUris { get; init; } = [];
    [JsonPropertyName("grant_types")] public IReadOnlyList<string> GrantTypes { get; init; } = ["authorization_code"];
    [JsonPropertyName("response_types")] public IReadOnlyList<string> ResponseTypes { get; init; } = ["code"];

    /// <summary>The app roles a service's tokens carry.</summary>
    [JsonPropertyName("roles")] public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>More claims in a service's tokens, such as the county it acts for.</summary>
    [JsonPropertyName("extraClaims")] public IReadOnlyDictionary<string, string> ExtraClaims { get; init; } = new Dictionary<string, string>();

    /// <summary>The service's object id in its tokens; the provider makes a stable one when null.</summary>
    [JsonPropertyName("oid")] public string? Oid { get; init; }

    /// <summary>A web app that signs people in with the authorization code flow and signs them out again.</summary>
    public static TestClient WebApp(string clientId, string secret, string redirectUri, string postLogoutRedirectUri) =>
        new(clientId, secret) { RedirectUris = [redirectUri], PostLogoutRedirectUris = [postLogoutRedirectUri] };

    /// <summary>A service that asks tokens for itself (client credentials), with these app roles.</summary>
    public static TestClient Service(string clientId, string secret, params string[] roles) =>
        new(clientId, secret) { GrantTypes = ["client_credentials"], ResponseTypes = [], Roles = roles };
}

/// <summary>An API tokens can be asked for; its tokens live <see cref="AccessTokenTtlSeconds"/>.</summary>
public sealed record TestResource([property: JsonPropertyName("accessTokenTTL")] int AccessTokenTtlSeconds = 300);

/// <summary>A person at the provider: the name and app roles the ID token carries, and the object id when given.</summary>
public sealed record TestAccount(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("roles")] IReadOnlyList<string> Roles,
    [property: JsonPropertyName("oid")] string? Oid = null);
