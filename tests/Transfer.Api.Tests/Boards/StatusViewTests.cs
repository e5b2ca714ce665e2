using Marten;
using Microsoft.Extensions.DependencyInjection;
using Transfer.Api.Demo;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Boards;

/// <summary>
/// The status views through HTTP and the real projections. The contracts workstream starts 1.9.2021 and
/// is due 31.1.2022 (152 days); Tampere's target of 4 contracts is on the line on day n when done × 152 ≥ 4 × n.
/// </summary>
public sealed class StatusViewTests(TransferAppFixture app) : ApiTest(app)
{
    private const string Ws = "/api/workstreams/sopimukset";

    private async Task GivenTargetsAndTwoContracts()
    {
        await GivenContractsWorkstream();
        (await Put($"{Ws}/targets", new
        {
            occurredOn = "2021-09-01",
            targets = new object[] { new { organisationId = "837", kind = "contract", expected = 4 }, new { kind = "decision", expected = 1 } },
        })).Status.ShouldBe(200);
        (await Post($"{Ws}/contracts", new { organisationId = "837", contractRef = "A", occurredOn = "2021-10-01" })).Status.ShouldBe(201);
        (await Post($"{Ws}/contracts", new { organisationId = "837", contractRef = "B", occurredOn = "2021-11-01" })).Status.ShouldBe(201);
    }

    /// <summary>The contracts workstream as it is registered, before any dates or targets are read.</summary>
    private static readonly WorkstreamView Sopimukset = new(
        "sopimukset", "Workstream sopimukset", "hallinto", "administration", "2021-09-01", "2022-01-31", 1,
        new WorkstreamRag("none", "none", "none", "none", "none", "none", "none"), [], [], "2021-09-01");

    [Fact]
    public async Task A_workstream_shows_its_targets_and_colours_as_of_a_date()
    {
        await GivenTargetsAndTwoContracts();

        // 1.12.2021 is day 91: 2 × 152 = 304 < 4 × 91 = 364 → amber. The county decision: 0 × 152 < 1 × 91 → amber.
        var december = await Get($"{Ws}?asOf=2021-12-01", ChairToken).View<WorkstreamView>();
        december.ShouldBe(Sopimukset with
        {
            Version = 4,
            Rag = Sopimukset.Rag with { Overall = "amber", Progress = "amber" },
            Targets = [new(null, "decision", 1, 0, "amber"), new("837", "contract", 4, 2, "amber")],
            AsOf = "2021-12-01",
        });

        // 1.10.2021 is day 30: 1 × 152 ≥ 4 × 30 = 120 → green; the decision is 0 × 152 < 30 → amber.
        var october = await Get($"{Ws}?asOf=2021-10-01").View<WorkstreamView>();
        october.ShouldBe(december with { Targets = [december.Targets[0], december.Targets[1] with { Done = 1, Rag = "green" }], AsOf = "2021-10-01" });

        // After the due date, unfinished targets are red.
        (await Get($"{Ws}?asOf=2022-02-01").View<WorkstreamView>()).Rag.Overall.ShouldBe("red");
    }

    [Fact]
    public async Task A_write_shows_on_the_board_as_soon_as_it_is_answered()
    {
        await GivenTargetsAndTwoContracts();
        (await Post($"{Ws}/assessments", new { dimension = "risk", rag = "red", rationale = "Tampere's register a week late", occurredOn = "2021-11-15" }))
            .Status.ShouldBe(201);

        var answer = await Get($"{Ws}?asOf=2021-11-20");
        var view = answer.Read<WorkstreamView>();
        view.Rag.Risk.ShouldBe("red");
        view.Rag.Overall.ShouldBe("red");
        view.Assessments.ShouldBe([new("risk", "red", "Tampere's register a week late", "2021-11-15")]);
        view.Version.ShouldBe(5);
        answer.Header("ETag").ShouldBe("\"5\"");
    }

    [Fact]
    public async Task Known_at_shows_what_the_board_showed_before_a_back_dated_report_arrived()
    {
        await GivenTargetsAndTwoContracts();
        var meeting = await Get($"{Ws}?asOf=2021-12-01").View<WorkstreamView>();
        await Task.Delay(20);
        var meetingTime = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        (await Post($"{Ws}/contracts", new { organisationId = "837", contractRef = "C", occurredOn = "2021-11-15" })).Status.ShouldBe(201);
        (await Post($"{Ws}/contracts", new { organisationId = "837", contractRef = "D", occurredOn = "2021-11-20" })).Status.ShouldBe(201);

        var knownThen = await Get($"{Ws}?asOf=2021-12-01&knownAt={Uri.EscapeDataString(meetingTime.ToString("O"))}").View<WorkstreamView>();
        knownThen.ShouldBe(meeting);
        knownThen.Version.ShouldBe(4);
        // The version known at an event's own recorded instant includes that event, and not the one after it.
        var history = await Get($"{Ws}/history", AuditorToken).View<ValueList<RecordedEvent>>();
        var fifth = history[4].RecordedAt;
        (await Get($"{Ws}?knownAt={Uri.EscapeDataString(fifth)}").View<WorkstreamView>()).Version.ShouldBe(5);
        (await Get($"{Ws}?knownAt={Uri.EscapeDataString(DateTimeOffset.Parse(fifth).AddTicks(-10).ToString("O"))}").View<WorkstreamView>()).Version.ShouldBe(4);

        var knownNow = await Get($"{Ws}?asOf=2021-12-01").View<WorkstreamView>();
        knownNow.Targets[1].ShouldBe(new WorkstreamTarget("837", "contract", 4, 4, "green"));

        // Before the workstream was registered, it did not exist.
        (await Get($"{Ws}?knownAt=2020-01-01T00:00:00Z")).Status.ShouldBe(404);
    }

    [Fact]
    public async Task The_recorded_instant_a_board_filters_on_is_the_one_the_event_store_holds()
    {
        await GivenTargetsAndTwoContracts();

        await using var session = App.Store.QuerySession();
        var last = (await session.Events.FetchStreamAsync("sopimukset")).Last();
        var item = await session.LoadAsync<Transfer.Domain.Workstreams.CountedItem>(
            Transfer.Domain.Workstreams.CountedItem.IdOf("sopimukset", new(Transfer.Domain.Workstreams.ItemKind.Contract, "837", "B")));
        item!.Changes.Single().RecordedAt.ShouldBe(last.Timestamp);
        item.Changes.Single().Version.ShouldBe(last.Version);
        var done = await session.LoadAsync<Transfer.Domain.Readiness.TallyBlock>(
            Transfer.Domain.Readiness.TallyBlock.SeriesOf("sopimukset", Transfer.Domain.Readiness.Tallies.Done("837", Transfer.Domain.Workstreams.TargetKind.Contract)));
        done!.StepKnown[^1].ShouldBe(last.Timestamp);
    }

    [Fact]
    public async Task The_boards_roll_up_working_groups_organisations_and_the_portfolio()
    {
        await GivenTargetsAndTwoContracts();
        await GivenWorkstream("talousjarjestelmat");
        (await Put("/api/workstreams/talousjarjestelmat/targets", new
        {
            occurredOn = "2021-09-01",
            targets = new object[] { new { organisationId = "pshp", kind = "system", expected = 1 } },
        })).Status.ShouldBe(200);
        (await Post("/api/workstreams/talousjarjestelmat/systems", new { organisationId = "pshp", systemArea = "finance", occurredOn = "2021-09-15" }))
            .Status.ShouldBe(201);
        await GivenWorkingGroup("icmt", "vate");

        // As of 1.12.2021: sopimukset amber (see above), talousjarjestelmat green (1 of 1).
        var hallinto = await Get("/api/working-groups/hallinto/status?asOf=2021-12-01", ChairToken).View<WorkingGroupStatus>();
        hallinto.Rag.ShouldBe("amber");
        hallinto.Counts.ShouldBe(new RagCounts(Red: 0, Amber: 1, Green: 1, None: 0));
        hallinto.Workstreams.Select(w => (w.Id, w.Rag, w.Progress)).ShouldBe([("sopimukset", "amber", "amber"), ("talousjarjestelmat", "green", "green")]);

        var vate = await Get("/api/working-groups/vate/status?asOf=2021-12-01").View<WorkingGroupStatus>();
        vate.Rag.ShouldBe("amber");
        vate.Workstreams.ShouldBeEmpty();
        vate.Groups.Select(g => (g.Id, g.Rag)).ShouldBe([("hallinto", "amber"), ("icmt", "none")]);

        var portfolio = await Get("/api/portfolio?asOf=2021-12-01", AuditorToken).View<PortfolioView>();
        portfolio.Rag.ShouldBe("amber");
        portfolio.Counts.Green.ShouldBe(1);
        portfolio.Groups.Select(g => g.Id).ShouldBe(["vate"]);

        // Tampere sees only its contract target (amber), not the county-level decision; PSHP sees its system (green).
        var tampere = await Get("/api/organisations/837/status?asOf=2021-12-01", ChairToken).View<OrganisationStatus>();
        tampere.Rag.ShouldBe("amber");
        tampere.Kind.ShouldBe("municipality");
        var row = tampere.Workstreams.ShouldHaveSingleItem();
        row.Id.ShouldBe("sopimukset");
        row.Targets.ShouldBe([new OrganisationTarget("contract", 4, 2, "amber")]);

        var board = await Get("/api/organisations/status?asOf=2021-12-01", ChairToken).View<ValueList<MunicipalityBoardRow>>();
        board.Select(o => (o.Id, o.Rag)).ShouldBe([("837", "amber"), ("pshp", "green")]);
        board[0].Counts.ShouldBe(new RagCounts(0, 1, 0, 0));
    }

    // What a page shows in one request must be what the routes of each row say.

    /// <summary>Every row of the municipality board against its organisation's own board; returns the rows.</summary>
    private async Task<ValueList<MunicipalityBoardRow>> MunicipalityBoardMatchesEachOrganisationsBoard(string query)
    {
        var rows = await Get($"/api/organisations/status?{query}", ChairToken).View<ValueList<MunicipalityBoardRow>>();
        foreach (var row in rows)
        {
            var own = await Get($"/api/organisations/{row.Id}/status?{query}", ChairToken).View<OrganisationStatus>();
            row.ShouldBe(new MunicipalityBoardRow(own.Id, own.Name, own.Kind, own.Rag, own.Counts,
                own.Workstreams.Select(w => new MunicipalityBoardWorkstream(w.Id, w.Name, w.Rag)).ToValueList()), $"organisation {row.Id}");
        }
        return rows;
    }

    /// <summary>Every workstream of the group's board against the workstream's own view; returns the board.</summary>
    private async Task<WorkingGroupStatus> GroupBoardMatchesEachWorkstream(string groupId, string query)
    {
        var group = await Get($"/api/working-groups/{groupId}/status?{query}", ChairToken).View<WorkingGroupStatus>();
        foreach (var row in group.Workstreams)
        {
            var own = await Get($"/api/workstreams/{row.Id}?{query}", ChairToken).View<WorkstreamView>();
            row.ShouldBe(new GroupWorkstream(own.Id, own.Name, own.Rag.Overall, own.Rag.Progress, own.Rag.Deliverables, own.Rag.Schedule,
                own.Rag.Cost, own.Rag.Benefits, own.Rag.Risk, own.DueDate,
                own.Targets.Sum(t => t.Expected), own.Targets.Sum(t => Math.Min(t.Done, t.Expected))), $"workstream {row.Id}");
        }
        return group;
    }

    [Fact]
    public async Task The_municipality_board_carries_each_organisations_workstream_colours_as_its_own_board_shows_them()
    {
        await GivenTargetsAndTwoContracts();
        await GivenWorkstream("talousjarjestelmat");
        (await Put("/api/workstreams/talousjarjestelmat/targets", new
        {
            occurredOn = "2021-09-01",
            targets = new object[] { new { organisationId = "pshp", kind = "system", expected = 1 }, new { organisationId = "837", kind = "system", expected = 2 } },
        })).Status.ShouldBe(200);
        (await Post("/api/workstreams/talousjarjestelmat/systems", new { organisationId = "pshp", systemArea = "finance", occurredOn = "2021-09-15" }))
            .Status.ShouldBe(201);
        await GivenOrganisations("020");

        // As of 1.12.2021 (day 91 of 152): Tampere's 2 of 4 contracts are amber and its 0 of 2 systems amber; PSHP's 1 of 1 system is green.
        var rows = await MunicipalityBoardMatchesEachOrganisationsBoard("asOf=2021-12-01");
        rows.Select(row => row.Id).ShouldBe(["020", "837", "pshp"]);
        rows[0].Workstreams.ShouldBeEmpty();
        rows[1].Workstreams.ShouldBe([new("sopimukset", "Workstream sopimukset", "amber"), new("talousjarjestelmat", "Workstream talousjarjestelmat", "amber")]);
        rows[2].Workstreams.ShouldBe([new("talousjarjestelmat", "Workstream talousjarjestelmat", "green")]);
        // The fields the contract names are there as before, in this order: the JSON's own shape.
        (await Get("/api/organisations/status?asOf=2021-12-01", ChairToken)).Json[1].EnumerateObject().Select(p => p.Name)
            .ShouldBe(["id", "name", "kind", "rag", "counts", "workstreams"]);
        rows[1].Counts.ShouldBe(new RagCounts(Red: 0, Amber: 2, Green: 0, None: 0));

        // After the due date Tampere's unfinished targets are red; the rows follow the date and what was known.
        (await MunicipalityBoardMatchesEachOrganisationsBoard("asOf=2022-02-01"))[1].Workstreams.Select(w => w.Rag).ShouldBe(["red", "red"]);
        (await MunicipalityBoardMatchesEachOrganisationsBoard($"asOf=2021-12-01&knownAt={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddYears(-10).ToString("O"))}"))
            .ShouldBeEmpty();
    }

    [Fact]
    public async Task A_working_groups_workstreams_carry_all_six_parts_of_their_RAG_their_due_date_and_progress_as_the_workstream_view_does()
    {
        await GivenTargetsAndTwoContracts();
        foreach (var (dimension, colour) in new[] { ("deliverables", "green"), ("schedule", "amber"), ("cost", "red"), ("benefits", "green") })
            (await Post($"{Ws}/assessments", new { dimension, rag = colour, rationale = $"The {dimension}", occurredOn = "2021-11-15" })).Status.ShouldBe(201);
        (await Post($"{Ws}/reschedule", new { dueDate = "2022-02-28", reason = "Tampere's register", occurredOn = "2021-11-20" })).Status.ShouldBe(200);
        await GivenWorkstream("tyhja");

        var hallinto = await GroupBoardMatchesEachWorkstream("hallinto", "asOf=2021-12-01");
        // Two of four contracts and none of the county-level decision; the red cost makes it red overall, risk is unassessed.
        var sopimukset = new GroupWorkstream("sopimukset", "Workstream sopimukset", Rag: "red", Progress: "amber",
            Deliverables: "green", Schedule: "amber", Cost: "red", Benefits: "green", Risk: "none", DueDate: "2022-02-28", Expected: 5, Done: 2);
        hallinto.Workstreams.ShouldBe([
            sopimukset,
            new("tyhja", "Workstream tyhja", "none", "none", "none", "none", "none", "none", "none", "2022-01-31", Expected: 0, Done: 0),
        ]);

        // Before the reschedule and the assessments were dated, the board shows the first due date and no assessed parts.
        var october = await GroupBoardMatchesEachWorkstream("hallinto", "asOf=2021-10-01");
        october.Workstreams[0].DueDate.ShouldBe("2022-01-31");
        october.Workstreams[0].Cost.ShouldBe("none");
    }

    [Fact]
    public async Task On_the_demo_data_every_board_row_is_what_its_own_route_says()
    {
        await ActivatorUtilities.CreateInstance<DemoSeeder>(Host.Services).Seed(false, CancellationToken.None);
        var groups = (await Get("/api/working-groups").View<ValueList<WorkingGroupListing>>()).Select(group => group.Id).ToList();
        groups.Count.ShouldBe(20);

        foreach (var query in new[] { "asOf=2022-02-01", "asOf=2022-02-01&knownAt=2022-02-01T09:00:00%2B02:00", "asOf=2022-12-31" })
        {
            var rows = await MunicipalityBoardMatchesEachOrganisationsBoard(query);
            rows.Count.ShouldBe(25);
            rows.Sum(row => row.Workstreams.Count).ShouldBeGreaterThan(25);

            // The portfolio carries each top-level group's sections as the group's own board does.
            foreach (var top in (await Get($"/api/portfolio?{query}", ChairToken).View<PortfolioView>()).Groups)
                top.Groups.ShouldBe((await Get($"/api/working-groups/{top.Id}/status?{query}", ChairToken).View<WorkingGroupStatus>()).Groups);

            var workstreams = 0;
            foreach (var group in groups)
                workstreams += (await GroupBoardMatchesEachWorkstream(group, query)).Workstreams.Count;
            workstreams.ShouldBe(68);
        }
    }

    [Fact]
    public async Task Dates_and_instants_must_be_readable_and_unknown_things_are_not_found()
    {
        await GivenTargetsAndTwoContracts();

        var badDate = await Get("/api/portfolio?asOf=1.12.2021");
        badDate.Status.ShouldBe(400);
        badDate.ErrorsFor("asOf").ShouldBe(["must be a date written YYYY-MM-DD"]);
        var badInstant = await Get($"{Ws}?knownAt=2021-12-01T10:00:00");
        badInstant.Status.ShouldBe(400);
        badInstant.ErrorsFor("knownAt").Single().ShouldStartWith("must be an instant with its offset");
        // An unencoded '+' arrives as a space, and is read as the '+' it was.
        (await Get($"{Ws}?knownAt=2030-01-01T10:00:00+02:00")).Status.ShouldBe(200);

        (await Get("/api/working-groups/nope/status")).Status.ShouldBe(404);
        (await Get("/api/organisations/999/status")).Status.ShouldBe(404);
        (await Get("/api/organisations/837/status?knownAt=2020-01-01T00:00:00Z")).Status.ShouldBe(404);
        (await Get("/api/portfolio", token: "")).Status.ShouldBe(401);
        (await Get("/api/portfolio", App.TokenFor("No role"))).Status.ShouldBe(403);
    }

    [Fact]
    public async Task Without_asOf_the_boards_answer_for_today_in_Helsinki()
    {
        await GivenTargetsAndTwoContracts();
        var today = TestClock.HelsinkiDate(App.Clock.Freeze());

        var view = await Get(Ws).View<WorkstreamView>();
        view.AsOf.ShouldBe(today.ToString("yyyy-MM-dd"));
        view.Rag.Overall.ShouldBe("red"); // long past 31.1.2022
    }
}
