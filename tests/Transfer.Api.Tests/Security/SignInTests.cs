using System.Diagnostics;
using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Web;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Security;

[CollectionDefinition(Name)]
public sealed class SignInCollection : ICollectionFixture<SignInAppFixture>
{
    public const string Name = "sign-in";
}

/// <summary>
/// People and integrations signing in through their county's own provider (a real OpenID provider, npm's
/// oidc-provider, started by the test): the session, its anti-forgery token and sign-out; bearer tokens and
/// what is refused; the county decided by the provider; a key rotated while the API runs.
/// </summary>
[Collection(SignInCollection.Name)]
public sealed class SignInTests(SignInAppFixture app)
{
    private const string SessionCookie = "transfer.session";

    [Fact]
    public async Task The_providers_are_listed_and_signing_in_starts_the_code_flow_with_pkce_at_the_one_asked_for()
    {
        var (browser, _) = app.Browser();

        var providers = await browser.GetFromJsonAsync<JsonElement>("/signin/providers");
        providers.EnumerateArray().Select(p => (p.GetProperty("name").GetString(), p.GetProperty("county").GetString()))
            .ShouldBe([("pirkanmaa", "pirkanmaa"), ("kanta-hame", "kanta-hame"), ("valtio", null)], ignoreOrder: true);

        var start = await browser.GetAsync("/signin?provider=pirkanmaa&returnUrl=%2F%23%2Forganisations");
        start.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var authorize = start.Headers.Location!;
        authorize.GetLeftPart(UriPartial.Authority).ShouldBe(app.Providers.Issuer("pirkanmaa"));
        // The provider offers pushed authorization requests, so the request (code flow, the PKCE challenge, the redirect
        // URI) went to it server to server and the browser carries only its reference; the provider refuses any
        // authorization without PKCE, so every sign-in below that succeeds proves the challenge was sent.
        var query = HttpUtility.ParseQueryString(authorize.Query);
        query["client_id"].ShouldBe("transfer");
        query["request_uri"].ShouldStartWith("urn:ietf:params:oauth:request_uri:");

        (await browser.GetAsync("/signin?provider=nowhere")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        foreach (var elsewhere in new[] { "https://evil.example/", "//evil.example/", "/\\evil.example" })
        {
            var refused = await browser.GetAsync($"/signin?provider=pirkanmaa&returnUrl={Uri.EscapeDataString(elsewhere)}");
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest, elsewhere);
            (await refused.Content.ReadAsStringAsync()).ShouldContain("returnUrl");
        }
    }

    [Fact]
    public async Task A_pmo_signs_in_through_the_countys_provider_and_writes_with_the_sessions_anti_forgery_token()
    {
        var (browser, jar) = app.Browser();
        var landed = await SignIn(browser, "pirkanmaa", "paula", "/#/organisations");
        landed.Headers.Location!.OriginalString.ShouldBe("/#/organisations");
        var session = jar.Cookies.GetCookies(new Uri(SignInAppFixture.Api))[SessionCookie].ShouldNotBeNull();
        session.HttpOnly.ShouldBeTrue();
        session.Secure.ShouldBeFalse("served over http here; see the https test");
        landed.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(SessionCookie)).ShouldContain("samesite=lax", Case.Insensitive);

        var me = await browser.GetFromJsonAsync<JsonElement>("/api/me");
        me.GetProperty("name").GetString().ShouldBe("Paula Pirkanmaa");
        me.GetProperty("userId").GetString().ShouldBe("oid-paula");
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["pmo"]);
        me.GetProperty("county").GetString().ShouldBe("pirkanmaa");
        me.GetProperty("provider").GetString().ShouldBe("pirkanmaa");
        var antiforgery = me.GetProperty("antiforgery");
        antiforgery.GetProperty("header").GetString().ShouldBe("X-Antiforgery-Token");

        var organisation = new { id = "837", name = "Tampere", kind = "municipality" };
        var forged = await browser.PostAsJsonAsync("/api/organisations", organisation);
        forged.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await forged.Content.ReadAsStringAsync()).ShouldContain("X-Antiforgery-Token");
        var wrongToken = new HttpRequestMessage(HttpMethod.Post, "/api/organisations") { Content = JsonContent.Create(organisation) };
        wrongToken.Headers.Add("X-Antiforgery-Token", "not-the-token");
        (await browser.SendAsync(wrongToken)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.GetAsync("/api/organisations/837")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "nothing was written");

        var written = await browser.SendAsync(WithAntiforgery(HttpMethod.Post, "/api/organisations", antiforgery, organisation));
        written.StatusCode.ShouldBe(HttpStatusCode.Created, await written.Content.ReadAsStringAsync());
        var history = await browser.GetFromJsonAsync<JsonElement>("/api/audit/events");
        history.GetProperty("events").EnumerateArray().Last().GetProperty("recordedBy").GetString().ShouldBe("Paula Pirkanmaa (oid-paula)");
    }

    [Fact]
    public async Task Over_https_the_session_cookie_is_secure()
    {
        var (browser, jar) = app.Browser("https://localhost");
        await SignIn(browser, "pirkanmaa", "chris", "/");
        jar.Cookies.GetCookies(new Uri("https://localhost"))[SessionCookie].ShouldNotBeNull().Secure.ShouldBeTrue();
        (await browser.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_chair_reads_the_boards_and_is_refused_a_write_for_the_role()
    {
        var (browser, _) = app.Browser();
        await SignIn(browser, "pirkanmaa", "chris", "/");
        var me = await browser.GetFromJsonAsync<JsonElement>("/api/me");
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["chair"]);

        (await browser.GetAsync("/api/portfolio")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await browser.SendAsync(WithAntiforgery(HttpMethod.Post, "/api/organisations", me.GetProperty("antiforgery"),
            new { id = "908", name = "Valkeakoski", kind = "municipality" }));
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("needs one of the roles: pmo");
    }

    [Fact]
    public async Task A_person_the_provider_gives_none_of_our_roles_is_signed_in_and_told_so_in_plain_words()
    {
        var (browser, _) = app.Browser();
        await SignIn(browser, "pirkanmaa", "nobody", "/");

        var me = await browser.GetFromJsonAsync<JsonElement>("/api/me");
        me.GetProperty("name").GetString().ShouldBe("Noora No-role");
        me.GetProperty("roles").GetArrayLength().ShouldBe(0);
        var refused = await browser.GetAsync("/api/portfolio");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe("Signed in, but without a role here");
        problem.GetProperty("detail").GetString()!.ShouldContain("You are signed in as Noora No-role, but your sign-in gives you none of this tool's roles");
    }

    [Fact]
    public async Task Signing_out_ends_the_session_here_and_at_the_provider_and_the_old_cookie_is_refused()
    {
        var (browser, jar) = app.Browser();
        await SignIn(browser, "pirkanmaa", "paula", "/");
        var oldCookie = jar.Cookies.GetCookieHeader(new Uri(SignInAppFixture.Api));
        var me = await browser.GetFromJsonAsync<JsonElement>("/api/me");
        var token = me.GetProperty("antiforgery").GetProperty("token").GetString()!;

        // A sign-out form from another site carries no token: refused, and the session lives on.
        (await browser.PostAsync("/signout", new FormUrlEncodedContent([]))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await browser.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var signOut = await browser.PostAsync("/signout", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        signOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var endSession = signOut.Headers.Location!;
        endSession.GetLeftPart(UriPartial.Authority).ShouldBe(app.Providers.Issuer("pirkanmaa"));
        HttpUtility.ParseQueryString(endSession.Query)["id_token_hint"].ShouldNotBeNullOrEmpty();
        var back = await app.Providers.SignOut(endSession);
        back.GetLeftPart(UriPartial.Path).ShouldBe($"{SignInAppFixture.Api}/signout-callback-oidc/pirkanmaa");
        var home = await browser.GetAsync(back.PathAndQuery);
        home.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        home.Headers.Location!.OriginalString.ShouldBe("/");

        var afterwards = await browser.GetAsync("/api/me");
        afterwards.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        afterwards.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        var replay = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        replay.Headers.Add("Cookie", oldCookie);
        var (stranger, _) = app.Browser();
        (await stranger.SendAsync(replay)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the session is over, whoever still holds its cookie");
    }

    [Fact]
    public async Task A_session_ends_after_an_hour_unused_and_ten_hours_after_signing_in_however_busy()
    {
        var (idle, _) = app.Browser();
        await SignIn(idle, "pirkanmaa", "chris", "/");
        var (busy, _) = app.Browser();
        await SignIn(busy, "pirkanmaa", "chris", "/");
        try
        {
            // The busy one asks every 35 minutes, past half the hour, so each request slides its session on.
            var signedIn = app.Clock.Freeze();
            while (app.Clock.GetUtcNow() + TimeSpan.FromMinutes(35) - signedIn <= TimeSpan.FromHours(10))
            {
                app.Clock.Advance(TimeSpan.FromMinutes(35));
                (await busy.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.OK, $"{app.Clock.GetUtcNow() - signedIn} after signing in");
                if (app.Clock.GetUtcNow() - signedIn == TimeSpan.FromMinutes(70))
                    (await idle.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "70 minutes unused");
            }
            app.Clock.Advance(TimeSpan.FromMinutes(35));
            (await busy.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{app.Clock.GetUtcNow() - signedIn} after signing in");
        }
        finally
        {
            app.Clock.Thaw();
        }
    }

    [Fact]
    public async Task An_integrations_token_acts_in_its_providers_county_whatever_county_it_claims()
    {
        var pirkanmaa = await Bearer("pirkanmaa", "pmo-integration");
        var me = await Get("/api/me", pirkanmaa);
        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        var who = await me.Content.ReadFromJsonAsync<JsonElement>();
        who.GetProperty("county").GetString().ShouldBe("pirkanmaa", "the provider's county, not the token's county claim (kanta-hame)");
        who.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["pmo"]);
        who.TryGetProperty("antiforgery", out _).ShouldBeFalse("bearer calls need no anti-forgery token");

        (await Post("/api/organisations", new { id = "211", name = "Kangasala", kind = "municipality" }, pirkanmaa)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var borrowed = await Get("/api/organisations/211?county=kanta-hame", pirkanmaa);
        borrowed.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await borrowed.Content.ReadAsStringAsync()).ShouldContain("You act in pirkanmaa");
        (await Get("/api/organisations/211", await Bearer("kanta-hame", "pmo-integration"))).StatusCode.ShouldBe(HttpStatusCode.NotFound, "Kanta-Häme's people never see Pirkanmaa's data");

        // The state's provider vouches only for national readers, whatever else its tokens say.
        var ministry = await Bearer("valtio", "ministry-integration");
        var national = await (await Get("/api/me", ministry)).Content.ReadFromJsonAsync<JsonElement>();
        national.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["national"]);
        (await Get("/api/organisations/211?county=pirkanmaa", ministry)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Post("/api/organisations?county=pirkanmaa", new { id = "604", name = "Pirkkala", kind = "municipality" }, ministry)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // A county's provider never vouches for a ministry reader.
        var countyMinistry = await (await Get("/api/me", await Bearer("pirkanmaa", "ministry-integration"))).Content.ReadFromJsonAsync<JsonElement>();
        countyMinistry.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["pmo"]);
    }

    [Fact]
    public async Task Expired_misaddressed_untrusted_unsigned_and_symmetric_tokens_are_refused()
    {
        var issuer = app.Providers.Issuer("pirkanmaa");
        await app.Providers.ShiftClock(TimeSpan.FromMinutes(-15));
        string expired;
        try
        {
            expired = await Bearer("pirkanmaa", "pmo-integration");
        }
        finally
        {
            await app.Providers.ShiftClock(TimeSpan.Zero);
        }
        new JsonWebToken(expired).ValidTo.ShouldBeLessThan(DateTime.UtcNow.AddMinutes(-5), "issued 15 minutes ago for 5 minutes");
        await Refused(expired, "expired");

        await Refused(await app.Providers.ClientCredentialsToken("pirkanmaa", "pmo-integration", SignInAppFixture.ServiceSecret, "api://elsewhere"), "another audience");
        await Refused(await app.Providers.ClientCredentialsToken("rogue", "pmo-integration", SignInAppFixture.ServiceSecret), "not a provider this installation trusts");
        await Refused(await app.Providers.ClientCredentialsToken("stranger", "pmo-integration", SignInAppFixture.ServiceSecret), "not a provider this installation trusts");

        var claims = new Dictionary<string, object>
        {
            ["iss"] = issuer, ["aud"] = "api://transfer", ["oid"] = "mallory", ["roles"] = new[] { "Transfer.PMO" },
            ["exp"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds(),
        };
        var unsigned = Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + Base64Url(JsonSerializer.Serialize(claims)) + ".";
        await Refused(unsigned, "");
        // Signed with a secret the provider shares with its clients: anyone holding one could mint it.
        var symmetric = new JsonWebTokenHandler().CreateToken(JsonSerializer.Serialize(claims),
            new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SignInAppFixture.WebSecret.PadRight(32, '!'))), SecurityAlgorithms.HmacSha256));
        await Refused(symmetric, "");
        // Development tokens: no key is configured, so none is accepted, whoever signed it.
        var development = new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken("transfer-dev", "transfer-api",
            [new Claim("sub", "Dev"), new Claim("role", "pmo"), new Claim("county", "pirkanmaa")], expires: DateTime.UtcNow.AddHours(1),
            signingCredentials: new SigningCredentials(new SymmetricSecurityKey(new byte[48]), SecurityAlgorithms.HmacSha256)));
        await Refused(development, "not a provider this installation trusts");
    }

    [Fact]
    public async Task After_the_provider_rotates_its_key_its_new_tokens_and_sign_ins_are_accepted_without_a_restart()
    {
        var before = await Bearer("kanta-hame", "pmo-integration");
        (await Get("/api/portfolio", before)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var kid = await app.Providers.RotateKey("kanta-hame");
        var after = await Bearer("kanta-hame", "pmo-integration");
        new JsonWebToken(after).Kid.ShouldBe(kid);
        // The unknown key id makes the API fetch the provider's keys again (in the background, so the call that noticed
        // is told to retry); the contract: accepted within a minute.
        var first = await Get("/api/portfolio", after);
        if (first.StatusCode != HttpStatusCode.OK)
            (await first.Content.ReadAsStringAsync()).ShouldContain("retry in a few seconds");
        var waited = Stopwatch.StartNew();
        while ((await Get("/api/portfolio", after)).StatusCode != HttpStatusCode.OK && waited.Elapsed < TimeSpan.FromMinutes(1))
            await Task.Delay(200);
        (await Get("/api/portfolio", after)).StatusCode.ShouldBe(HttpStatusCode.OK, $"still refused after {waited.Elapsed}");
        (await Get("/api/portfolio", before)).StatusCode.ShouldBe(HttpStatusCode.OK, "the old key is still published");

        var (browser, _) = app.Browser();
        await SignIn(browser, "kanta-hame", "kaisa", "/");
        (await browser.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("county").GetString().ShouldBe("kanta-hame");

        // A sign-in that is the first to meet the new key is sent back to try again (the keys are fetched meanwhile); the next one lands.
        await app.Providers.RotateKey("valtio");
        var (ministry, _) = app.Browser();
        var start = await ministry.GetAsync("/signin?provider=valtio&returnUrl=%2F");
        var landed = await ministry.GetAsync((await app.Providers.SignIn(start.Headers.Location!, "minna")).PathAndQuery);
        if (landed.Headers.Location!.OriginalString == "/?signin=failed")
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            await SignIn(ministry, "valtio", "minna", "/");
        }
        (await ministry.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["national"]);
    }

    /// <summary>Through the API's /signin, the provider's own login and consent pages, and back: the 302 that lands the person.</summary>
    private async Task<HttpResponseMessage> SignIn(HttpClient browser, string provider, string login, string returnUrl)
    {
        var start = await browser.GetAsync($"/signin?provider={provider}&returnUrl={Uri.EscapeDataString(returnUrl)}");
        start.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var back = await app.Providers.SignIn(start.Headers.Location!, login);
        back.GetLeftPart(UriPartial.Path).ShouldEndWith($"/signin-oidc/{provider}");
        var landed = await browser.GetAsync(back.PathAndQuery);
        landed.StatusCode.ShouldBe(HttpStatusCode.Redirect, await landed.Content.ReadAsStringAsync());
        landed.Headers.Location!.OriginalString.ShouldNotContain("signin=failed");
        return landed;
    }

    private Task<string> Bearer(string provider, string client) =>
        app.Providers.ClientCredentialsToken(provider, client, SignInAppFixture.ServiceSecret);

    private async Task<HttpResponseMessage> Get(string path, string bearer)
    {
        var (client, _) = app.Browser();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await client.GetAsync(path);
    }

    private async Task<HttpResponseMessage> Post(string path, object body, string bearer)
    {
        var (client, _) = app.Browser();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await client.PostAsJsonAsync(path, body);
    }

    private async Task Refused(string token, string because)
    {
        var answer = await Get("/api/portfolio", token);
        answer.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, because);
        (await answer.Content.ReadAsStringAsync()).ShouldContain(because);
    }

    private static HttpRequestMessage WithAntiforgery(HttpMethod method, string path, JsonElement antiforgery, object body)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(antiforgery.GetProperty("header").GetString()!, antiforgery.GetProperty("token").GetString());
        return request;
    }

    private static string Base64Url(string text) => Base64UrlEncoder.Encode(text);
}
