using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Conventions;

public sealed class IdempotencyTests(TransferAppFixture app) : ApiTest(app)
{
    private static readonly object Contract = new { organisationId = "837", contractRef = "TRE-7", occurredOn = "2022-01-28" };

    [Fact]
    public async Task A_retry_with_the_same_key_and_body_gets_the_first_answer_and_appends_nothing()
    {
        await GivenContractsWorkstream();

        var first = await Post("/api/workstreams/sopimukset/contracts", Contract, null, ("Idempotency-Key", "import-2022-01-30-row-7"));
        var retry = await Post("/api/workstreams/sopimukset/contracts", Contract, null, ("Idempotency-Key", "import-2022-01-30-row-7"));

        first.Status.ShouldBe(201);
        retry.Status.ShouldBe(201);
        retry.Text.ShouldBe(first.Text);
        retry.Header("ETag").ShouldBe(first.Header("ETag"));
        (await EventCount("sopimukset")).ShouldBe(2);
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_refused_and_appends_nothing()
    {
        await GivenContractsWorkstream();
        (await Post("/api/workstreams/sopimukset/contracts", Contract, null, ("Idempotency-Key", "k-1"))).Status.ShouldBe(201);

        var other = await Post("/api/workstreams/sopimukset/contracts",
            new { organisationId = "837", contractRef = "TRE-8", occurredOn = "2022-01-28" }, null, ("Idempotency-Key", "k-1"));

        other.Status.ShouldBe(422);
        other.ContentType.ShouldStartWith("application/problem+json");
        (await EventCount("sopimukset")).ShouldBe(2);
    }

    [Fact]
    public async Task The_same_key_on_another_route_is_another_request()
    {
        await GivenContractsWorkstream();
        (await Post("/api/organisations", new { id = "020", name = "Akaa", kind = "municipality" }, null, ("Idempotency-Key", "k-2"))).Status.ShouldBe(201);

        (await Post("/api/workstreams/sopimukset/contracts", Contract, null, ("Idempotency-Key", "k-2"))).Status.ShouldBe(422);
    }

    [Fact]
    public async Task Keys_belong_to_the_user_who_sent_them()
    {
        await GivenContractsWorkstream();
        var other = App.TokenFor("Another PMO", "pmo");

        (await Post("/api/workstreams/sopimukset/contracts", Contract, null, ("Idempotency-Key", "row-1"))).Status.ShouldBe(201);
        var theirs = await Post("/api/workstreams/sopimukset/contracts", Contract, other, ("Idempotency-Key", "row-1"));

        // Not a replay of someone else's answer: their request is decided on its own, and the contract is already counted.
        theirs.Status.ShouldBe(409);
    }

    [Fact]
    public async Task Creating_reference_data_is_idempotent_too()
    {
        var organisation = new { id = "020", name = "Akaa", kind = "municipality" };

        var first = await Post("/api/organisations", organisation, null, ("Idempotency-Key", "org-020"));
        var retry = await Post("/api/organisations", organisation, null, ("Idempotency-Key", "org-020"));

        first.Status.ShouldBe(201);
        retry.Status.ShouldBe(201);
        retry.Header("Location").ShouldBe("/api/organisations/020");
        (await EventCount("organisation:020")).ShouldBe(1);
    }

    [Fact]
    public async Task A_refused_request_is_not_remembered_so_the_corrected_retry_is_decided_afresh()
    {
        await GivenContractsWorkstream();
        var refused = await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "020", contractRef = "A-1", occurredOn = "2022-01-28" }, null, ("Idempotency-Key", "k-3"));
        refused.Status.ShouldBe(400);

        await GivenOrganisations("020");
        (await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "020", contractRef = "A-1", occurredOn = "2022-01-28" }, null, ("Idempotency-Key", "k-3")))
            .Status.ShouldBe(201);
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_append_exactly_one_event()
    {
        await GivenContractsWorkstream();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Post("/api/workstreams/sopimukset/contracts", Contract, null, ("Idempotency-Key", "burst"))));

        answers.ShouldAllBe(answer => answer.Status == 201);
        answers.Select(answer => answer.Text).Distinct().Count().ShouldBe(1);
        (await EventCount("sopimukset")).ShouldBe(2);
    }

    [Fact]
    public async Task Concurrent_retries_of_a_registration_all_get_the_first_answer()
    {
        var organisation = new { id = "020", name = "Akaa", kind = "municipality" };

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Post("/api/organisations", organisation, null, ("Idempotency-Key", "org-burst"))));

        answers.ShouldAllBe(answer => answer.Status == 201);
        answers.Select(answer => answer.Text).Distinct().Count().ShouldBe(1);
        (await EventCount("organisation:020")).ShouldBe(1);
    }

    [Fact]
    public async Task An_overlong_key_is_refused()
    {
        await GivenContractsWorkstream();
        var answer = await Post("/api/workstreams/sopimukset/contracts", Contract, null, ("Idempotency-Key", new string('k', 201)));
        answer.Status.ShouldBe(400);
        answer.ErrorsFor("Idempotency-Key").ShouldBe(["may be at most 200 characters"]);
        (await EventCount("sopimukset")).ShouldBe(1);
    }
}
