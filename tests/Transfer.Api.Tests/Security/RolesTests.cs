using System.Security.Claims;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Security;

public sealed class RolesTests(TransferAppFixture app) : ApiTest(app)
{
    private static readonly object Contract = new { organisationId = "837", contractRef = "C-1", occurredOn = "2022-01-28" };

    [Fact]
    public async Task Without_a_token_every_api_route_is_unauthorised()
    {
        await GivenContractsWorkstream();

        var write = await Post("/api/workstreams/sopimukset/contracts", Contract, token: "");
        write.Status.ShouldBe(401);
        write.ContentType.ShouldStartWith("application/problem+json");
        (await Get("/api/workstreams/sopimukset", token: "")).Status.ShouldBe(401);
        (await Get("/api/organisations", token: "")).Status.ShouldBe(401);
        (await EventCount("sopimukset")).ShouldBe(1);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_or_expired_is_unauthorised()
    {
        await GivenContractsWorkstream();

        (await Get("/api/workstreams/sopimukset", Forge("Mallory", "pmo", key: "a different key that is long enough to sign HS256", expires: DateTime.UtcNow.AddHours(1))))
            .Status.ShouldBe(401);
        (await Get("/api/workstreams/sopimukset", Forge("Late PMO", "pmo", key: App.SigningKey, expires: DateTime.UtcNow.AddMinutes(-10))))
            .Status.ShouldBe(401);
        (await Get("/api/workstreams/sopimukset", Forge("On-time PMO", "pmo", key: App.SigningKey, expires: DateTime.UtcNow.AddMinutes(10))))
            .Status.ShouldBe(200);
        (await Get("/api/workstreams/sopimukset", "not.a.token")).Status.ShouldBe(401);
    }

    [Fact]
    public async Task Chairs_and_auditors_read_but_may_not_write()
    {
        await GivenContractsWorkstream();

        foreach (var token in new[] { ChairToken, AuditorToken })
        {
            var refused = await Post("/api/workstreams/sopimukset/contracts", Contract, token);
            refused.Status.ShouldBe(403);
            refused.ContentType.ShouldStartWith("application/problem+json");
            (await Post("/api/organisations", new { id = "020", name = "Akaa", kind = "municipality" }, token)).Status.ShouldBe(403);
            (await Put("/api/workstreams/sopimukset/targets", new { occurredOn = "2022-01-01", targets = new[] { new { kind = "decision", expected = 1 } } }, token))
                .Status.ShouldBe(403);
            (await Get("/api/workstreams/sopimukset", token)).Status.ShouldBe(200);
            (await Get("/api/working-groups", token)).Status.ShouldBe(200);
        }
        (await EventCount("sopimukset")).ShouldBe(1);
    }

    [Fact]
    public async Task A_token_without_a_known_role_is_forbidden_and_several_roles_combine()
    {
        await GivenContractsWorkstream();

        (await Get("/api/workstreams/sopimukset", App.TokenFor("Visitor"))).Status.ShouldBe(403);
        (await Post("/api/workstreams/sopimukset/contracts", Contract, App.TokenFor("Chair and PMO", "chair", "pmo"))).Status.ShouldBe(201);
    }

    [Fact]
    public async Task Health_OpenAPI_and_the_API_reference_need_no_token()
    {
        var health = await Get("/health", token: "");
        health.Status.ShouldBe(200);
        health.Text.ShouldBe("Healthy");

        var openApi = await Get("/openapi/v1.json", token: "");
        openApi.Status.ShouldBe(200);
        var paths = openApi.Json.GetProperty("paths");
        foreach (var path in new[]
                 {
                     "/api/organisations", "/api/working-groups", "/api/workstreams", "/api/workstreams/{id}", "/api/workstreams/{id}/targets",
                     "/api/workstreams/{id}/reschedule", "/api/workstreams/{id}/contracts", "/api/workstreams/{id}/systems",
                     "/api/workstreams/{id}/staff-data", "/api/workstreams/{id}/decisions", "/api/workstreams/{id}/assessments",
                     "/api/workstreams/{id}/retractions",
                 })
            paths.TryGetProperty(path, out _).ShouldBeTrue($"OpenAPI lacks {path}");

        (await Get("/scalar/", token: "")).Status.ShouldBe(200);

        // The dashboard's page and scripts are public; the data they read is not.
        var dashboard = await Get("/", token: "");
        dashboard.Status.ShouldBe(200);
        dashboard.ContentType.ShouldStartWith("text/html");
        dashboard.Text.ShouldContain("name=\"asOf\"");
        (await Get("/app.js", token: "")).Status.ShouldBe(200);
    }

    private static string Forge(string name, string role, string key, DateTime expires) =>
        HandMadeTokens.Sign([new Claim("sub", name), new Claim("name", name), new Claim("role", role)], key, expires);
}
