using System.Security.Claims;
using System.Text.Json;
using Alba;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Counties;

/// <summary>
/// Roles cannot be combined into more than each allows: whatever else a token carries, the national role writes in no
/// county, and a token naming several counties acts in none. Every write route of the OpenAPI document, with every
/// such combination of roles and county claims.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RoleCombinationTests(CountiesAppFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.Reset();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task No_write_route_accepts_the_national_role_or_several_counties_whatever_else_the_token_carries()
    {
        (await Send(HttpMethod.Post, "/api/organisations", Token("pirkanmaa", "pmo"))).Status.ShouldBe(201, "the control: a county's PMO writes");
        var writes = await WriteRoutes();
        writes.Count.ShouldBeGreaterThanOrEqualTo(16);

        var combinations = new (string Why, string Token)[]
        {
            ("national and pmo with a county", Token("pirkanmaa", "national", "pmo")),
            ("national and pmo without a county", Token(county: null, "national", "pmo")),
            ("national, pmo, chair and auditor with a county", Token("kanta-hame", "national", "pmo", "chair", "auditor")),
            ("pmo naming two counties", Counties(["pirkanmaa", "kanta-hame"], "pmo")),
            ("pmo naming its county twice and another", Counties(["pirkanmaa", "pirkanmaa", "satakunta"], "pmo")),
        };
        foreach (var (method, path) in writes)
            foreach (var (why, token) in combinations)
            {
                var answer = await Send(method, path.Replace("{id}", "837").Replace("{kind}", "organisations").Replace("{organisationId}", "837"), token);
                answer.Status.ShouldBe(403, $"{method} {path} with {why}: {answer.Text}");
                answer.ContentType.ShouldStartWith("application/problem+json");
            }

        var several = await Send(HttpMethod.Get, "/api/portfolio", Counties(["pirkanmaa", "kanta-hame"], "chair"));
        several.Status.ShouldBe(403);
        several.Text.ShouldContain("several counties in its 'county' claim");
        var history = await Send(HttpMethod.Get, "/api/audit/events", Token("pirkanmaa", "auditor"));
        JsonDocument.Parse(history.Text).RootElement.GetProperty("events").GetArrayLength().ShouldBe(1, "only the control was recorded");
    }

    /// <summary>Every POST, PUT and DELETE that acts in a county, as the served OpenAPI document lists them.</summary>
    private async Task<List<(HttpMethod Method, string Path)>> WriteRoutes()
    {
        var document = JsonDocument.Parse((await Send(HttpMethod.Get, "/openapi/v1.json", "")).Text).RootElement;
        return document.GetProperty("paths").EnumerateObject()
            .Where(path => path.Name.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(operation => operation.Name is "post" or "put" or "delete")
                .Select(operation => (new HttpMethod(operation.Name.ToUpperInvariant()), path.Name)))
            .ToList();
    }

    private string Token(string? county, params string[] roles) => Counties(county is null ? [] : [county], roles);

    /// <summary>A development token naming these counties, one claim each.</summary>
    private string Counties(string[] counties, params string[] roles) =>
        HandMadeTokens.Sign([new Claim("sub", $"combined-{string.Join('-', roles)}"), .. roles.Select(role => new Claim("role", role)),
            .. counties.Select(county => new Claim("county", county))], app.SigningKey, DateTime.UtcNow.AddHours(1));

    private async Task<Response> Send(HttpMethod method, string path, string token) =>
        new(await app.Host.Scenario(s =>
        {
            if (method == HttpMethod.Get) s.Get.Url(path);
            else if (method == HttpMethod.Delete) s.Delete.Url(path);
            else if (method == HttpMethod.Put) s.Put.Json(new { id = "837", name = "Tampere", kind = "municipality" }, JsonStyle.MinimalApi).ToUrl(path);
            else s.Post.Json(new { id = "837", name = "Tampere", kind = "municipality" }, JsonStyle.MinimalApi).ToUrl(path);
            if (token.Length > 0) s.WithBearerToken(token);
            s.IgnoreStatusCode();
        }));
}
