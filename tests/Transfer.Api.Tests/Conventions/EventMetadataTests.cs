using Marten;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Conventions;

public sealed class EventMetadataTests(TransferAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Every_event_records_who_posted_it_when_and_with_which_key()
    {
        await GivenContractsWorkstream();
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        (await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = "C-9", occurredOn = "2022-01-28" },
            App.TokenFor("Päivi PMO", "pmo"), ("Idempotency-Key", "row-9"))).Status.ShouldBe(201);

        await using var session = App.Store.QuerySession();
        var recorded = (await session.Events.FetchStreamAsync("sopimukset")).Last();
        recorded.UserName.ShouldBe("Päivi PMO");
        recorded.Timestamp.ShouldBeGreaterThan(before);
        recorded.Timestamp.ShouldBeLessThan(DateTimeOffset.UtcNow.AddSeconds(5));
        recorded.CorrelationId.ShouldNotBeNullOrEmpty();
        recorded.Headers.ShouldNotBeNull();
        recorded.Headers!["idempotencyKey"].ToString().ShouldBe("row-9");

        var registration = (await session.Events.FetchStreamAsync("organisation:837")).Single();
        registration.UserName.ShouldBe("PMO Test");
    }

    [Fact]
    public async Task Stored_events_use_the_same_words_as_the_API()
    {
        await GivenOrganisations("837");
        (await Post("/api/organisations", new { id = "pela", name = "Pirkanmaan pelastuslaitos", kind = "rescue-department" })).Status.ShouldBe(201);

        await using var session = App.Store.QuerySession();
        var json = await session.AdvancedSql.QueryAsync<string>(
            "select data::text from transfer.mt_events where stream_id = 'organisation:pela'", CancellationToken.None);
        json.Single().ShouldContain("\"kind\": \"rescue-department\"");
    }
}
