using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Security;

/// <summary>
/// The OpenID test provider and its driver on their own, without the API: what the sign-in tests rely on it
/// for, shown against the provider's own endpoints as any relying party sees them.
/// </summary>
[Collection(OidcProviderCollection.Name)]
public sealed class OidcTestProviderTests(PirkanmaaProvider pirkanmaa) : IClassFixture<PirkanmaaProvider>
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private OidcTestProvider Provider => pirkanmaa.Provider;
    private string Issuer => Provider.Issuer("pirkanmaa");

    [Fact]
    public async Task Its_metadata_answers_at_the_issuer()
    {
        var metadata = await Metadata(Issuer);

        metadata.GetProperty("issuer").GetString().ShouldBe(Issuer);
        metadata.GetProperty("jwks_uri").GetString().ShouldStartWith(Issuer + "/");
        metadata.GetProperty("end_session_endpoint").GetString().ShouldStartWith(Issuer + "/");
        metadata.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(m => m.GetString()).ShouldBe(["S256"]);
    }

    [Fact]
    public async Task A_services_token_names_the_issuer_the_resource_and_its_roles_and_validates_against_the_published_keys()
    {
        var raw = await Provider.ClientCredentialsToken("pirkanmaa", "pmo-integration", PirkanmaaProvider.ServiceSecret);

        var token = new JsonWebToken(raw);
        token.Issuer.ShouldBe(Issuer);
        token.Audiences.ShouldBe(["api://transfer"]);
        token.Subject.ShouldBe("pmo-integration");
        Values(token, "roles").ShouldBe(["Transfer.PMO"]);
        Values(token, "county").ShouldBe(["kanta-hame"]);
        Values(token, "oid").ShouldHaveSingleItem().ShouldNotBeEmpty();
        token.Alg.ShouldBe("RS256");
        token.Kid.ShouldNotBeNullOrEmpty();
        (token.ValidTo - token.IssuedAt).ShouldBe(TimeSpan.FromSeconds(300));
        var validated = await Validate(raw, Issuer, "api://transfer");
        validated.IsValid.ShouldBeTrue(validated.Exception?.Message);
    }

    [Fact]
    public async Task Another_resource_gives_another_audience_and_one_the_provider_does_not_know_is_refused()
    {
        new JsonWebToken(await Provider.ClientCredentialsToken("pirkanmaa", "pmo-integration", PirkanmaaProvider.ServiceSecret, "api://elsewhere"))
            .Audiences.ShouldBe(["api://elsewhere"]);

        var refused = await Should.ThrowAsync<HttpRequestException>(
            Provider.ClientCredentialsToken("pirkanmaa", "pmo-integration", PirkanmaaProvider.ServiceSecret, "api://nowhere"));
        refused.Message.ShouldContain("invalid_target");
    }

    [Fact]
    public async Task After_a_rotation_the_new_key_signs_and_the_old_one_stays_published()
    {
        var before = new JsonWebToken(await ServiceToken()).Kid;

        var kid = await Provider.RotateKey("pirkanmaa");

        kid.ShouldNotBe(before);
        var raw = await ServiceToken();
        new JsonWebToken(raw).Kid.ShouldBe(kid);
        var published = (await Keys(Issuer)).Keys.Select(key => key.Kid).ToList();
        published[0].ShouldBe(kid);
        published.ShouldContain(before);
        (await Validate(raw, Issuer, "api://transfer")).IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task A_provider_sharing_keys_signs_with_the_same_key_under_its_own_issuer()
    {
        var genuine = new JsonWebToken(await ServiceToken());
        var raw = await Provider.ClientCredentialsToken("impostor", "pmo-integration", PirkanmaaProvider.ServiceSecret);

        var impostor = new JsonWebToken(raw);
        impostor.Kid.ShouldBe(genuine.Kid);
        impostor.Issuer.ShouldBe(Provider.Issuer("impostor"));
        impostor.Issuer.ShouldNotBe(Issuer);
        (await Validate(raw, Issuer, "api://transfer")).Exception.ShouldBeOfType<SecurityTokenInvalidIssuerException>();
    }

    [Fact]
    public async Task With_its_clock_ten_minutes_back_a_fresh_token_has_already_expired()
    {
        await Provider.ShiftClock(TimeSpan.FromMinutes(-10));
        try
        {
            var raw = await ServiceToken();

            new JsonWebToken(raw).ValidTo.ShouldBeLessThan(DateTime.UtcNow.AddMinutes(-4));
            (await Validate(raw, Issuer, "api://transfer")).Exception.ShouldBeOfType<SecurityTokenExpiredException>();
        }
        finally
        {
            await Provider.ShiftClock(TimeSpan.Zero);
        }
        new JsonWebToken(await ServiceToken()).ValidTo.ShouldBeGreaterThan(DateTime.UtcNow);
    }

    [Fact]
    public async Task A_person_signing_in_comes_back_with_a_code_for_an_ID_token_carrying_name_roles_and_oid()
    {
        var idToken = new JsonWebToken(await SignIn("paula"));

        idToken.Subject.ShouldBe("paula");
        Values(idToken, "name").ShouldBe(["Paula Pirkanmaa"]);
        Values(idToken, "roles").ShouldBe(["Transfer.PMO"]);
        Values(idToken, "oid").ShouldBe([PirkanmaaProvider.PaulaOid]);
    }

    [Fact]
    public async Task With_response_mode_form_post_as_ASP_NET_Core_asks_the_code_comes_back_all_the_same()
    {
        var idToken = new JsonWebToken(await SignIn("paula", responseMode: "form_post"));

        idToken.Subject.ShouldBe("paula");
    }

    [Fact]
    public async Task People_without_app_roles_sign_in_all_the_same_and_their_ID_token_has_no_roles()
    {
        var noora = new JsonWebToken(await SignIn("nobody"));
        var stranger = new JsonWebToken(await SignIn("stranger"));

        Values(noora, "name").ShouldBe(["Noora No-role"]);
        Values(noora, "roles").ShouldBeEmpty();
        stranger.Subject.ShouldBe("stranger");
        Values(stranger, "name").ShouldBe(["stranger"]);
        Values(stranger, "roles").ShouldBeEmpty();
        Values(stranger, "oid").ShouldBeEmpty();
    }

    [Fact]
    public async Task Signing_out_confirms_at_the_provider_and_returns_to_the_post_logout_redirect_uri()
    {
        var idToken = await SignIn("paula");
        var endSession = (await Metadata(Issuer)).GetProperty("end_session_endpoint").GetString()!;

        var back = await Provider.SignOut(new Uri(QueryHelpers.AddQueryString(endSession, new Dictionary<string, string?>
        {
            ["id_token_hint"] = idToken, ["post_logout_redirect_uri"] = PirkanmaaProvider.PostLogoutRedirectUri, ["state"] = "leaving",
        })));

        back.GetLeftPart(UriPartial.Path).ShouldBe(PirkanmaaProvider.PostLogoutRedirectUri);
        QueryHelpers.ParseQuery(back.Query)["state"].ToString().ShouldBe("leaving");
    }

    [Fact]
    public async Task A_configuration_the_provider_cannot_use_fails_the_start_with_the_providers_reason()
    {
        var failure = await Should.ThrowAsync<InvalidOperationException>(
            OidcTestProvider.Start(new TestIdentityProvider("impostor") { SharesKeysWith = "a provider not in the file" }));

        failure.Message.ShouldContain("shares keys with a provider not in the file, which is not in the file");
    }

    /// <summary>
    /// Signs <paramref name="login"/> in through the authorize endpoint with PKCE, as the API will, checks
    /// the redirect back, redeems its code (client_secret_basic here, the driver's service tokens use
    /// client_secret_post) and returns the ID token once it validates against the published keys.
    /// </summary>
    private async Task<string> SignIn(string login, string responseMode = "query")
    {
        var metadata = await Metadata(Issuer);
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var (state, nonce) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        var authorize = QueryHelpers.AddQueryString(metadata.GetProperty("authorization_endpoint").GetString()!, new Dictionary<string, string?>
        {
            ["client_id"] = "transfer", ["response_type"] = "code", ["scope"] = "openid profile", ["redirect_uri"] = PirkanmaaProvider.RedirectUri,
            ["response_mode"] = responseMode, ["state"] = state, ["nonce"] = nonce,
            ["code_challenge"] = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))), ["code_challenge_method"] = "S256",
        });

        var back = await Provider.SignIn(new Uri(authorize), login);

        back.GetLeftPart(UriPartial.Path).ShouldBe(PirkanmaaProvider.RedirectUri);
        var answer = QueryHelpers.ParseQuery(back.Query);
        answer["state"].ToString().ShouldBe(state);
        answer["iss"].ToString().ShouldBe(Issuer);
        using var redeem = new HttpRequestMessage(HttpMethod.Post, metadata.GetProperty("token_endpoint").GetString())
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["code"] = answer["code"].ToString(), ["redirect_uri"] = PirkanmaaProvider.RedirectUri,
                ["code_verifier"] = verifier,
            }),
        };
        redeem.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"transfer:{PirkanmaaProvider.WebAppSecret}")));
        using var response = await Http.SendAsync(redeem);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(body);
        var idToken = JsonDocument.Parse(body).RootElement.GetProperty("id_token").GetString()!;
        var validated = await Validate(idToken, Issuer, "transfer");
        validated.IsValid.ShouldBeTrue(validated.Exception?.Message);
        Values(new JsonWebToken(idToken), "nonce").ShouldBe([nonce]);
        return idToken;
    }

    private Task<string> ServiceToken() => Provider.ClientCredentialsToken("pirkanmaa", "pmo-integration", PirkanmaaProvider.ServiceSecret);

    private static string[] Values(JsonWebToken token, string claim) => token.Claims.Where(c => c.Type == claim).Select(c => c.Value).ToArray();

    private static async Task<JsonElement> Metadata(string issuer) =>
        JsonDocument.Parse(await Http.GetStringAsync($"{issuer}/.well-known/openid-configuration")).RootElement;

    private static async Task<JsonWebKeySet> Keys(string issuer) =>
        new(await Http.GetStringAsync((await Metadata(issuer)).GetProperty("jwks_uri").GetString()));

    /// <summary>Validated as a relying party does, against the provider's published keys, but with no clock skew allowed.</summary>
    private static async Task<TokenValidationResult> Validate(string token, string issuer, string audience) =>
        await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer, ValidAudience = audience, IssuerSigningKeys = (await Keys(issuer)).GetSigningKeys(), ClockSkew = TimeSpan.Zero,
        });
}

/// <summary>The provider tests' own collection: they need no database and run beside the API collection.</summary>
[CollectionDefinition(Name)]
public sealed class OidcProviderCollection
{
    public const string Name = "oidc-provider";
}

/// <summary>
/// One provider process for the class: Pirkanmaa's tenant, with the API registered as a web app, a PMO
/// integration service, and an impostor tenant that signs with Pirkanmaa's keys.
/// </summary>
public sealed class PirkanmaaProvider : IAsyncLifetime
{
    public const string RedirectUri = "http://127.0.0.1:5280/signin-oidc/pirkanmaa";
    public const string PostLogoutRedirectUri = "http://127.0.0.1:5280/signout-callback-oidc/pirkanmaa";
    public const string WebAppSecret = "web app secret of the test provider";
    public const string ServiceSecret = "service secret of the test provider";
    public const string PaulaOid = "0b6c3f1e-2d4a-4b8e-9c1f-7a5d6e3b2c10";

    public OidcTestProvider Provider { get; private set; } = null!;

    public async Task InitializeAsync() => Provider = await OidcTestProvider.Start(
        new TestIdentityProvider("pirkanmaa")
        {
            Clients =
            [
                TestClient.WebApp("transfer", WebAppSecret, RedirectUri, PostLogoutRedirectUri),
                TestClient.Service("pmo-integration", ServiceSecret, "Transfer.PMO") with { ExtraClaims = new Dictionary<string, string> { ["county"] = "kanta-hame" } },
            ],
            Resources = new Dictionary<string, TestResource> { ["api://transfer"] = new(300), ["api://elsewhere"] = new() },
            Accounts = new Dictionary<string, TestAccount>
            {
                ["paula"] = new("Paula Pirkanmaa", ["Transfer.PMO"], PaulaOid),
                ["nobody"] = new("Noora No-role", []),
            },
        },
        new TestIdentityProvider("impostor") { Clients = [TestClient.Service("pmo-integration", ServiceSecret, "Transfer.PMO")], SharesKeysWith = "pirkanmaa" });

    public async Task DisposeAsync() => await Provider.DisposeAsync();
}
