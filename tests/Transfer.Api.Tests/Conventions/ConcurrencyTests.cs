using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Conventions;

public sealed class ConcurrencyTests(TransferAppFixture app) : ApiTest(app)
{
    private static object Assessment(string rag) => new { dimension = "risk", rag, rationale = "Staff data incomplete", occurredOn = "2022-01-30" };

    [Fact]
    public async Task A_write_with_the_current_ETag_succeeds()
    {
        await GivenContractsWorkstream();
        var etag = (await Get("/api/workstreams/sopimukset")).Header("ETag")!;

        var posted = await Post("/api/workstreams/sopimukset/assessments", Assessment("amber"), null, ("If-Match", etag));

        posted.Status.ShouldBe(201);
        posted.Header("ETag").ShouldBe("\"2\"");
    }

    [Fact]
    public async Task A_write_with_a_stale_ETag_is_refused_and_appends_nothing()
    {
        await GivenContractsWorkstream();
        var etag = (await Get("/api/workstreams/sopimukset")).Header("ETag")!;
        (await Post("/api/workstreams/sopimukset/assessments", Assessment("amber"))).Status.ShouldBe(201);

        var stale = await Post("/api/workstreams/sopimukset/assessments", Assessment("red"), null, ("If-Match", etag));

        stale.Status.ShouldBe(412);
        stale.ContentType.ShouldStartWith("application/problem+json");
        (await EventCount("sopimukset")).ShouldBe(2);
        (await Put("/api/workstreams/sopimukset/targets", new { occurredOn = "2022-01-30", targets = new[] { new { kind = "decision", expected = 1 } } }, null, ("If-Match", etag)))
            .Status.ShouldBe(412);
        (await Post("/api/workstreams/sopimukset/reschedule", new { dueDate = "2022-03-01", reason = "r", occurredOn = "2022-01-30" }, null, ("If-Match", "\"7\"")))
            .Status.ShouldBe(412);
        (await EventCount("sopimukset")).ShouldBe(2);
    }

    [Fact]
    public async Task A_retry_of_a_conditional_write_gets_its_first_answer_not_412()
    {
        await GivenContractsWorkstream();
        (string, string)[] headers = [("If-Match", "\"1\""), ("Idempotency-Key", "conditional-1")];

        var first = await Post("/api/workstreams/sopimukset/assessments", Assessment("amber"), null, headers);
        var retry = await Post("/api/workstreams/sopimukset/assessments", Assessment("amber"), null, headers);

        first.Status.ShouldBe(201);
        retry.Status.ShouldBe(201);
        retry.Text.ShouldBe(first.Text);
        (await EventCount("sopimukset")).ShouldBe(2);
    }

    [Fact]
    public async Task A_conditional_write_to_an_unknown_workstream_is_not_found()
    {
        await GivenContractsWorkstream();
        (await Post("/api/workstreams/no-such/assessments", Assessment("amber"), null, ("If-Match", "\"1\""))).Status.ShouldBe(404);
    }

    [Fact]
    public async Task An_unreadable_If_Match_never_matches_on_any_write()
    {
        await GivenContractsWorkstream();
        (await Post("/api/workstreams/sopimukset/assessments", Assessment("amber"), null, ("If-Match", "version one"))).Status.ShouldBe(412);
        (await Post("/api/workstreams/sopimukset/assessments", Assessment("amber"), null, ("If-Match", "*"))).Status.ShouldBe(201);
        (await EventCount("sopimukset")).ShouldBe(2);
        // As the OpenAPI document says of every write: registrations take no If-Match, and refuse one that is no ETag.
        (await Post("/api/organisations", new { id = "020", name = "Akaa", kind = "municipality" }, null, ("If-Match", "version one"))).Status.ShouldBe(412);
        (await Get("/api/organisations/020")).Status.ShouldBe(404);
    }

    [Fact]
    public async Task Racing_posts_of_the_same_contract_count_it_once()
    {
        await GivenContractsWorkstream();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = "RACE-1", occurredOn = "2022-01-28" })));

        answers.Count(answer => answer.Status == 201).ShouldBe(1);
        answers.Count(answer => answer.Status == 409).ShouldBe(5);
        (await EventCount("sopimukset")).ShouldBe(2);
    }

    [Fact]
    public async Task Racing_posts_of_different_contracts_all_land_with_distinct_versions()
    {
        await GivenContractsWorkstream();

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = $"BULK-{i}", occurredOn = "2022-01-28" })));

        answers.ShouldAllBe(answer => answer.Status == 201);
        answers.Select(answer => answer.Read<WorkstreamVersion>().Version).Order().ShouldBe(Enumerable.Range(2, 10).Select(v => (long)v));
        (await EventCount("sopimukset")).ShouldBe(11);
    }
}
