using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Transfer.Api.Tests.Support;

/// <summary>
/// An installation as a county would run it: two counties, each signing its people in through its own OpenID
/// provider, and the state's provider for ministry readers; no development key at all. The providers are real
/// (npm's oidc-provider, <see cref="OidcTestProvider"/>), with two more the API does not trust: one that signs
/// with Pirkanmaa's keys under its own name, and a stranger.
/// </summary>
public sealed class SignInAppFixture : IAsyncLifetime
{
    public const string Database = "transfer_signin";
    public const string Api = "http://localhost";
    public const string WebSecret = "web-app-secret-of-this-test-run";
    public const string ServiceSecret = "service-secret-of-this-test-run";

    public OidcTestProvider Providers { get; private set; } = null!;

    /// <summary>The API's clock (sessions' idle timeout and lifetime); running unless a test moves it.</summary>
    public TestClock Clock { get; } = new();
    public IAlbaHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var server = Environment.GetEnvironmentVariable(TransferAppFixture.ConnectionStringVariable)
            ?? throw new InvalidOperationException($"{TransferAppFixture.ConnectionStringVariable} is not set: run the tests with scripts/test.sh.");
        await CountiesAppFixture.Recreate(server, Database);

        Providers = await OidcTestProvider.Start(
            County("pirkanmaa", new Dictionary<string, TestAccount>
            {
                ["paula"] = new("Paula Pirkanmaa", ["Transfer.PMO"], "oid-paula"),
                ["chris"] = new("Chris Chair", ["Transfer.Chair"], "oid-chris"),
                ["nobody"] = new("Noora No-role", [], "oid-noora"),
            }),
            County("kanta-hame", new Dictionary<string, TestAccount> { ["kaisa"] = new("Kaisa Kanta-Häme", ["Transfer.PMO"], "oid-kaisa") }),
            County("valtio", new Dictionary<string, TestAccount> { ["minna"] = new("Minna Ministry", ["Transfer.National", "Transfer.PMO"], "oid-minna") }),
            new TestIdentityProvider("rogue") { SharesKeysWith = "pirkanmaa", Clients = [TestClient.Service("pmo-integration", ServiceSecret, "Transfer.PMO")] },
            new TestIdentityProvider("stranger") { Clients = [TestClient.Service("pmo-integration", ServiceSecret, "Transfer.PMO")] });

        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment("Development")
                .UseSetting("ConnectionStrings:Transfer", new NpgsqlConnectionStringBuilder(server) { Database = Database }.ConnectionString)
                .UseSetting("Counties:pirkanmaa:Name", "Pirkanmaan hyvinvointialue")
                .UseSetting("Counties:kanta-hame:Name", "Kanta-Hämeen hyvinvointialue")
                .UseSetting("Auth:UserIdClaim", "oid")
                .UseSetting("Auth:Roles:pmo", "Transfer.PMO")
                .UseSetting("Auth:Roles:chair", "Transfer.Chair")
                .UseSetting("Auth:Roles:auditor", "Transfer.Auditor")
                .UseSetting("Auth:Roles:national", "Transfer.National")
                .ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
            foreach (var (name, county) in new[] { ("pirkanmaa", "pirkanmaa"), ("kanta-hame", "kanta-hame"), ("valtio", "") })
            {
                builder.UseSetting($"Auth:Providers:{name}:Authority", Providers.Issuer(name))
                    .UseSetting($"Auth:Providers:{name}:ClientId", "transfer")
                    .UseSetting($"Auth:Providers:{name}:ClientSecret", WebSecret)
                    .UseSetting($"Auth:Providers:{name}:Audience", "api://transfer")
                    .UseSetting($"Auth:Providers:{name}:DisplayName", $"{name} (test)");
                if (county.Length > 0) builder.UseSetting($"Auth:Providers:{name}:County", county);
            }
        });
    }

    /// <summary>A browser on the API: keeps cookies, follows no redirect (the test follows them, to see each).</summary>
    public (HttpClient Client, CookieJar Jar) Browser(string baseAddress = Api)
    {
        var jar = new CookieJar(Host.Server.CreateHandler());
        return (new HttpClient(jar) { BaseAddress = new Uri(baseAddress) }, jar);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Providers.DisposeAsync();
    }

    /// <summary>A county's tenant: the API's registration (sign-in back to this host, http and https) and its services.</summary>
    private static TestIdentityProvider County(string name, Dictionary<string, TestAccount> people) => new(name)
    {
        Clients =
        [
            new TestClient("transfer", WebSecret)
            {
                RedirectUris = [$"{Api}/signin-oidc/{name}", $"https://localhost/signin-oidc/{name}"],
                PostLogoutRedirectUris = [$"{Api}/signout-callback-oidc/{name}", $"https://localhost/signout-callback-oidc/{name}"],
            },
            // The PMO's integration; its provider adds a county claim naming another county, which must change nothing.
            TestClient.Service("pmo-integration", ServiceSecret, "Transfer.PMO") with { ExtraClaims = new Dictionary<string, string> { ["county"] = "kanta-hame" } },
            TestClient.Service("ministry-integration", ServiceSecret, "Transfer.National", "Transfer.PMO"),
        ],
        Resources = new Dictionary<string, TestResource> { ["api://transfer"] = new(), ["api://elsewhere"] = new() },
        Accounts = people,
    };
}
