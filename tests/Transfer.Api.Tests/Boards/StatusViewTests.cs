using System.Text.Json;
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

    private static string Rag(JsonElement element) => element.GetProperty("rag").GetString()!;

    [Fact]
    public async Task A_workstream_shows_its_targets_and_colours_as_of_a_date()
    {
        await GivenTargetsAndTwoContracts();

        // 1.12.2021 is day 91: 2 × 152 = 304 < 4 × 91 = 364 → amber. The county decision: 0 × 152 < 1 × 91 → amber.
        var december = await Get($"{Ws}?asOf=2021-12-01", ChairToken);
        december.Status.ShouldBe(200);
        december.Json.GetProperty("asOf").GetString().ShouldBe("2021-12-01");
        december.Json.GetProperty("dueDate").GetString().ShouldBe("2022-01-31");
        var targets = december.Json.GetProperty("targets").EnumerateArray().ToList();
        targets.Count.ShouldBe(2);
        targets[0].GetProperty("organisationId").ValueKind.ShouldBe(JsonValueKind.Null);
        targets[0].GetProperty("kind").GetString().ShouldBe("decision");
        targets[1].GetProperty("organisationId").GetString().ShouldBe("837");
        targets[1].GetProperty("expected").GetInt32().ShouldBe(4);
        targets[1].GetProperty("done").GetInt32().ShouldBe(2);
        Rag(targets[1]).ShouldBe("amber");
        var rag = december.Json.GetProperty("rag");
        rag.GetProperty("progress").GetString().ShouldBe("amber");
        rag.GetProperty("overall").GetString().ShouldBe("amber");
        rag.GetProperty("risk").GetString().ShouldBe("none");

        // 1.10.2021 is day 30: 1 × 152 ≥ 4 × 30 = 120 → green; the decision is 0 × 152 < 30 → amber.
        var october = await Get($"{Ws}?asOf=2021-10-01");
        october.Json.GetProperty("targets")[1].GetProperty("done").GetInt32().ShouldBe(1);
        Rag(october.Json.GetProperty("targets")[1]).ShouldBe("green");

        // After the due date, unfinished targets are red.
        (await Get($"{Ws}?asOf=2022-02-01")).Json.GetProperty("rag").GetProperty("overall").GetString().ShouldBe("red");
    }

    [Fact]
    public async Task A_write_shows_on_the_board_as_soon_as_it_is_answered()
    {
        await GivenTargetsAndTwoContracts();
        (await Post($"{Ws}/assessments", new { dimension = "risk", rag = "red", rationale = "Tampere's register a week late", occurredOn = "2021-11-15" }))
            .Status.ShouldBe(201);

        var view = await Get($"{Ws}?asOf=2021-11-20");
        view.Json.GetProperty("rag").GetProperty("risk").GetString().ShouldBe("red");
        view.Json.GetProperty("rag").GetProperty("overall").GetString().ShouldBe("red");
        view.Json.GetProperty("assessments")[0].GetProperty("rationale").GetString().ShouldBe("Tampere's register a week late");
        view.Json.GetProperty("version").GetInt64().ShouldBe(5);
        view.Header("ETag").ShouldBe("\"5\"");
    }

    [Fact]
    public async Task Known_at_shows_what_the_board_showed_before_a_back_dated_report_arrived()
    {
        await GivenTargetsAndTwoContracts();
        var meeting = (await Get($"{Ws}?asOf=2021-12-01"));
        await Task.Delay(20);
        var meetingTime = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        (await Post($"{Ws}/contracts", new { organisationId = "837", contractRef = "C", occurredOn = "2021-11-15" })).Status.ShouldBe(201);
        (await Post($"{Ws}/contracts", new { organisationId = "837", contractRef = "D", occurredOn = "2021-11-20" })).Status.ShouldBe(201);

        var knownThen = await Get($"{Ws}?asOf=2021-12-01&knownAt={Uri.EscapeDataString(meetingTime.ToString("O"))}");
        knownThen.Status.ShouldBe(200);
        knownThen.Json.GetProperty("targets").ToString().ShouldBe(meeting.Json.GetProperty("targets").ToString());
        knownThen.Json.GetProperty("version").GetInt64().ShouldBe(4);
        // The version known at an event's own recorded instant includes that event, and not the one after it.
        var history = await Get($"{Ws}/history", AuditorToken);
        var fifth = history.Json[4].GetProperty("recordedAt").GetString()!;
        (await Get($"{Ws}?knownAt={Uri.EscapeDataString(fifth)}")).Json.GetProperty("version").GetInt64().ShouldBe(5);
        (await Get($"{Ws}?knownAt={Uri.EscapeDataString(DateTimeOffset.Parse(fifth).AddTicks(-10).ToString("O"))}")).Json.GetProperty("version").GetInt64().ShouldBe(4);

        var knownNow = await Get($"{Ws}?asOf=2021-12-01");
        knownNow.Json.GetProperty("targets")[1].GetProperty("done").GetInt32().ShouldBe(4);
        Rag(knownNow.Json.GetProperty("targets")[1]).ShouldBe("green");

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
        var hallinto = await Get("/api/working-groups/hallinto/status?asOf=2021-12-01", ChairToken);
        hallinto.Status.ShouldBe(200);
        Rag(hallinto.Json).ShouldBe("amber");
        hallinto.Json.GetProperty("counts").ToString().ShouldBe("""{"red":0,"amber":1,"green":1,"none":0}""");
        hallinto.Json.GetProperty("workstreams").EnumerateArray().Select(w => (w.GetProperty("id").GetString(), Rag(w), w.GetProperty("progress").GetString()))
            .ShouldBe([("sopimukset", "amber", "amber"), ("talousjarjestelmat", "green", "green")]);

        var vate = await Get("/api/working-groups/vate/status?asOf=2021-12-01");
        Rag(vate.Json).ShouldBe("amber");
        vate.Json.GetProperty("workstreams").GetArrayLength().ShouldBe(0);
        vate.Json.GetProperty("groups").EnumerateArray().Select(g => (g.GetProperty("id").GetString(), Rag(g))).ShouldBe([("hallinto", "amber"), ("icmt", "none")]);

        var portfolio = await Get("/api/portfolio?asOf=2021-12-01", AuditorToken);
        Rag(portfolio.Json).ShouldBe("amber");
        portfolio.Json.GetProperty("counts").GetProperty("green").GetInt32().ShouldBe(1);
        portfolio.Json.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("id").GetString()).ShouldBe(["vate"]);

        // Tampere sees only its contract target (amber), not the county-level decision; PSHP sees its system (green).
        var tampere = await Get("/api/organisations/837/status?asOf=2021-12-01", ChairToken);
        tampere.Status.ShouldBe(200);
        Rag(tampere.Json).ShouldBe("amber");
        tampere.Json.GetProperty("kind").GetString().ShouldBe("municipality");
        var row = tampere.Json.GetProperty("workstreams").EnumerateArray().Single();
        row.GetProperty("id").GetString().ShouldBe("sopimukset");
        row.GetProperty("targets").ToString().ShouldBe("""[{"kind":"contract","expected":4,"done":2,"rag":"amber"}]""");

        var board = await Get("/api/organisations/status?asOf=2021-12-01", ChairToken);
        board.Json.EnumerateArray().Select(o => (o.GetProperty("id").GetString(), Rag(o))).ShouldBe([("837", "amber"), ("pshp", "green")]);
        board.Json[0].GetProperty("counts").ToString().ShouldBe("""{"red":0,"amber":1,"green":0,"none":0}""");
    }

    // What a page shows in one request must be what the routes of each row say.
    private static (string?, string?, string?) Colour(JsonElement w) => (w.GetProperty("id").GetString(), w.GetProperty("name").GetString(), Rag(w));

    private static readonly string[] Parts = ["rag", "progress", "deliverables", "schedule", "cost", "benefits", "risk"];

    /// <summary>Every row of the municipality board against its organisation's own board; returns the rows.</summary>
    private async Task<List<JsonElement>> MunicipalityBoardMatchesEachOrganisationsBoard(string query)
    {
        var rows = (await Get($"/api/organisations/status?{query}", ChairToken)).Json.EnumerateArray().ToList();
        foreach (var row in rows)
        {
            var own = (await Get($"/api/organisations/{row.GetProperty("id").GetString()}/status?{query}", ChairToken)).Json;
            (row.GetProperty("name").GetString(), row.GetProperty("kind").GetString(), Rag(row), row.GetProperty("counts").ToString())
                .ShouldBe((own.GetProperty("name").GetString(), own.GetProperty("kind").GetString(), Rag(own), own.GetProperty("counts").ToString()));
            row.GetProperty("workstreams").EnumerateArray().Select(Colour)
                .ShouldBe(own.GetProperty("workstreams").EnumerateArray().Select(Colour), $"organisation {row.GetProperty("id")}");
        }
        return rows;
    }

    /// <summary>Every workstream of the group's board against the workstream's own view; returns the board.</summary>
    private async Task<JsonElement> GroupBoardMatchesEachWorkstream(string groupId, string query)
    {
        var group = (await Get($"/api/working-groups/{groupId}/status?{query}", ChairToken)).Json;
        foreach (var row in group.GetProperty("workstreams").EnumerateArray())
        {
            var id = row.GetProperty("id").GetString();
            var own = (await Get($"/api/workstreams/{id}?{query}", ChairToken)).Json;
            var rag = own.GetProperty("rag");
            Parts.Select(part => row.GetProperty(part).GetString())
                .ShouldBe(Parts.Select(part => rag.GetProperty(part == "rag" ? "overall" : part).GetString()), $"workstream {id}");
            row.GetProperty("name").GetString().ShouldBe(own.GetProperty("name").GetString());
            row.GetProperty("dueDate").GetString().ShouldBe(own.GetProperty("dueDate").GetString());
            var targets = own.GetProperty("targets").EnumerateArray().Select(t => (Expected: t.GetProperty("expected").GetInt32(), Done: t.GetProperty("done").GetInt32())).ToList();
            row.GetProperty("expected").GetInt32().ShouldBe(targets.Sum(t => t.Expected));
            row.GetProperty("done").GetInt32().ShouldBe(targets.Sum(t => Math.Min(t.Done, t.Expected)));
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
        rows.Select(row => row.GetProperty("id").GetString()).ShouldBe(["020", "837", "pshp"]);
        rows[0].GetProperty("workstreams").GetArrayLength().ShouldBe(0);
        rows[1].GetProperty("workstreams").ToString().ShouldBe(
            """[{"id":"sopimukset","name":"Workstream sopimukset","rag":"amber"},{"id":"talousjarjestelmat","name":"Workstream talousjarjestelmat","rag":"amber"}]""");
        rows[2].GetProperty("workstreams").EnumerateArray().Select(Colour).ShouldBe([("talousjarjestelmat", "Workstream talousjarjestelmat", "green")]);
        // The fields the contract names are there as before.
        rows[1].EnumerateObject().Select(p => p.Name).ShouldBe(["id", "name", "kind", "rag", "counts", "workstreams"]);
        rows[1].GetProperty("counts").ToString().ShouldBe("""{"red":0,"amber":2,"green":0,"none":0}""");

        // After the due date Tampere's unfinished targets are red; the rows follow the date and what was known.
        (await MunicipalityBoardMatchesEachOrganisationsBoard("asOf=2022-02-01"))[1].GetProperty("workstreams").EnumerateArray().Select(Rag).ShouldBe(["red", "red"]);
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
        var rows = hallinto.GetProperty("workstreams").EnumerateArray().ToList();
        rows.Count.ShouldBe(2);
        // Two of four contracts and none of the county-level decision; the red cost makes it red overall, risk is unassessed.
        rows[0].ToString().ShouldBe("""
            {"id":"sopimukset","name":"Workstream sopimukset","rag":"red","progress":"amber","deliverables":"green","schedule":"amber","cost":"red","benefits":"green","risk":"none","dueDate":"2022-02-28","expected":5,"done":2}
            """);
        rows[1].ToString().ShouldBe("""
            {"id":"tyhja","name":"Workstream tyhja","rag":"none","progress":"none","deliverables":"none","schedule":"none","cost":"none","benefits":"none","risk":"none","dueDate":"2022-01-31","expected":0,"done":0}
            """);

        // Before the reschedule and the assessments were dated, the board shows the first due date and no assessed parts.
        var october = await GroupBoardMatchesEachWorkstream("hallinto", "asOf=2021-10-01");
        october.GetProperty("workstreams")[0].GetProperty("dueDate").GetString().ShouldBe("2022-01-31");
        october.GetProperty("workstreams")[0].GetProperty("cost").GetString().ShouldBe("none");
    }

    [Fact]
    public async Task On_the_demo_data_every_board_row_is_what_its_own_route_says()
    {
        await ActivatorUtilities.CreateInstance<DemoSeeder>(Host.Services).Seed(false, CancellationToken.None);
        var groups = (await Get("/api/working-groups")).Json.EnumerateArray().Select(group => group.GetProperty("id").GetString()!).ToList();
        groups.Count.ShouldBe(20);

        foreach (var query in new[] { "asOf=2022-02-01", "asOf=2022-02-01&knownAt=2022-02-01T09:00:00%2B02:00", "asOf=2022-12-31" })
        {
            var rows = await MunicipalityBoardMatchesEachOrganisationsBoard(query);
            rows.Count.ShouldBe(25);
            rows.Sum(row => row.GetProperty("workstreams").GetArrayLength()).ShouldBeGreaterThan(25);

            // The portfolio carries each top-level group's sections as the group's own board does.
            foreach (var top in (await Get($"/api/portfolio?{query}", ChairToken)).Json.GetProperty("groups").EnumerateArray())
                top.GetProperty("groups").ToString()
                    .ShouldBe((await Get($"/api/working-groups/{top.GetProperty("id").GetString()}/status?{query}", ChairToken)).Json.GetProperty("groups").ToString());

            var workstreams = 0;
            foreach (var group in groups)
                workstreams += (await GroupBoardMatchesEachWorkstream(group, query)).GetProperty("workstreams").GetArrayLength();
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

        var view = await Get(Ws);
        view.Json.GetProperty("asOf").GetString().ShouldBe(today.ToString("yyyy-MM-dd"));
        view.Json.GetProperty("rag").GetProperty("overall").GetString().ShouldBe("red"); // long past 31.1.2022
    }
}
