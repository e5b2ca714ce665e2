using Marten;
using Microsoft.Extensions.DependencyInjection;
using Transfer.Api.Demo;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Boards;

public sealed class DemoDataTests(TransferAppFixture app) : ApiTest(app)
{
    private Task<SeedReport> Seed(bool onlyIntoEmptyDatabase = false) =>
        ActivatorUtilities.CreateInstance<DemoSeeder>(Host.Services).Seed(onlyIntoEmptyDatabase, CancellationToken.None);

    [Fact]
    public async Task The_demo_loads_the_Pirkanmaa_reference_data_and_a_second_run_adds_nothing()
    {
        var first = await Seed();
        first.Organisations.ShouldBe(25);
        first.WorkingGroups.ShouldBe(20);
        first.Workstreams.ShouldBe(68);
        await using var session = App.Store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().CountAsync();
        events.ShouldBe(first.Events);

        var second = await Seed();
        second.ShouldBe(new SeedReport(0, 0, 0, 0, SkippedBecauseNotEmpty: false));
        (await session.Events.QueryAllRawEvents().CountAsync()).ShouldBe(events);
        (await Seed(onlyIntoEmptyDatabase: true)).SkippedBecauseNotEmpty.ShouldBeTrue();

        (await Get("/api/organisations").View<ValueList<OrganisationListing>>()).Count.ShouldBe(25);
        (await Get("/api/working-groups/vate/status").View<WorkingGroupStatus>()).Groups.Count.ShouldBe(5);
    }

    [Fact]
    public async Task Only_into_an_empty_database_means_not_beside_real_data()
    {
        await GivenOrganisations("837");

        (await Seed(onlyIntoEmptyDatabase: true)).SkippedBecauseNotEmpty.ShouldBeTrue();
        (await Get("/api/organisations").View<ValueList<OrganisationListing>>()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_demo_history_follows_the_dated_facts_of_the_source_documents()
    {
        await Seed();

        // 30.1.2022: just over 1,700 contracts collected; PSHP's fully reviewed; Tampere's transfer about a week late.
        var targets = (await Get("/api/workstreams/sopimusten-siirrot?asOf=2022-01-30").View<WorkstreamView>()).Targets;
        targets.Sum(t => t.Done).ShouldBeInRange(1701, 1750);
        var pshp = targets.Single(t => t.OrganisationId == "pshp");
        pshp.Done.ShouldBe(pshp.Expected);

        async Task<string> TampereContracts(string asOf) => (await Get($"/api/organisations/837/status?asOf={asOf}").View<OrganisationStatus>()).Workstreams
            .Single(w => w.Id == "sopimusten-siirrot").Rag;
        (await TampereContracts("2022-02-01")).ShouldBe("red");
        (await TampereContracts("2022-02-08")).ShouldBe("green");

        // Staff data: a supplementary data request to every organisation but one after December.
        var staff = await Get("/api/workstreams/henkiloston-siirtosuunnitelman-mukaiset-tehtavat?asOf=2022-01-30").View<WorkstreamView>();
        staff.Targets.Count(t => t.Done == 1).ShouldBe(1);

        // The regional election result, confirmed 28.1.2022.
        (await Get("/api/workstreams/aluevaalien-suunnittelu-ja-toteuttaminen?asOf=2022-01-28").View<WorkstreamView>()).Rag.Progress.ShouldBe("green");

        // Events were recorded at plausible 2021-2022 instants, so knownAt shows what was known then.
        var knownThen = await Get("/api/workstreams/sopimusten-siirrot?asOf=2022-01-30&knownAt=2022-01-30T12:00:00%2B02:00").View<WorkstreamView>();
        knownThen.Targets.Sum(t => t.Done).ShouldBeLessThan(targets.Sum(t => t.Done));
    }

    [Fact]
    public async Task Todays_portfolio_of_the_demo_is_a_mixed_board()
    {
        await Seed();

        var counts = (await Get("/api/portfolio").View<PortfolioView>()).Counts;
        counts.Red.ShouldBeGreaterThan(0);
        counts.Amber.ShouldBeGreaterThan(0);
        counts.Green.ShouldBeGreaterThan(0);
        (counts.Red + counts.Amber + counts.Green + counts.None).ShouldBe(68);
    }
}
