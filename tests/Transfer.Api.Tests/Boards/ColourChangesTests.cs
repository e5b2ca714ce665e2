using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Boards;

/// <summary>What changed colour between two dates, and the events that caused it, as a chair reads it before a meeting.</summary>
public sealed class ColourChangesTests(TransferAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task A_workstream_that_changed_colour_lists_the_items_posted_and_the_decisions_that_caused_it()
    {
        await GivenAContractsHistory();

        var changes = await Get("/api/changes?from=2021-11-29&to=2021-12-21", ChairToken);

        changes.Status.ShouldBe(200, changes.Text);
        var json = changes.Json;
        json.GetProperty("from").GetString().ShouldBe("2021-11-29");
        json.GetProperty("widened").GetBoolean().ShouldBeFalse();
        var change = json.GetProperty("workstreams").EnumerateArray().Single();
        change.GetProperty("id").GetString().ShouldBe("sopimukset");
        change.GetProperty("was").GetString().ShouldBe("amber");
        change.GetProperty("now").GetString().ShouldBe("red");
        change.GetProperty("parts").EnumerateArray().Select(part => (part.GetProperty("part").GetString(), part.GetProperty("was").GetString(), part.GetProperty("now").GetString()))
            .ShouldBe([("risk", "none", "red")], "progress stayed amber; the risk assessment made it red");
        var causes = change.GetProperty("causes");
        causes.GetProperty("dueDateWas").GetString().ShouldBe("2022-01-31");
        causes.GetProperty("dueDate").GetString().ShouldBe("2022-02-15");
        causes.GetProperty("dueDatePassed").GetBoolean().ShouldBeFalse();

        var posted = causes.GetProperty("posted").EnumerateArray().Single();
        posted.GetProperty("type").GetString().ShouldBe("ContractTransferred");
        posted.GetProperty("organisationId").GetString().ShouldBe("pshp");
        posted.GetProperty("count").GetInt32().ShouldBe(1, "837's contracts are dated before the window");
        posted.GetProperty("firstOn").GetString().ShouldBe("2021-12-01");
        posted.GetProperty("recordedBy").EnumerateArray().Select(name => name.GetString()).ShouldBe(["PMO Test"]);

        var decisions = causes.GetProperty("decisions").EnumerateArray().ToList();
        decisions.Select(d => d.GetProperty("type").GetString()).ShouldBe(["ItemRetracted", "WorkstreamRescheduled", "StatusAssessed"]);
        decisions[0].GetProperty("ref").GetString().ShouldBe("P-1");
        decisions[1].GetProperty("dueDate").GetString().ShouldBe("2022-02-15");
        decisions[1].GetProperty("text").GetString().ShouldBe("Tampere a week late");
        decisions[2].GetProperty("dimension").GetString().ShouldBe("risk");
        decisions[2].GetProperty("rag").GetString().ShouldBe("red");
        decisions[2].GetProperty("text").GetString().ShouldBe("Hospital district behind");

        // Each cause finds its events in the history by sequence.
        var history = (await Get("/api/workstreams/sopimukset/history", AuditorToken)).Json.EnumerateArray()
            .ToDictionary(e => e.GetProperty("sequence").GetInt64(), e => e.GetProperty("type").GetString());
        history[posted.GetProperty("firstSequence").GetInt64()].ShouldBe("ContractTransferred");
        foreach (var decision in decisions)
            history[decision.GetProperty("sequence").GetInt64()].ShouldBe(decision.GetProperty("type").GetString());

        json.GetProperty("organisations").EnumerateArray().ShouldBeEmpty("both organisations kept their colour over these weeks");
    }

    [Fact]
    public async Task An_organisation_turned_red_by_its_due_date_passing_says_so_and_lists_only_what_concerns_it()
    {
        await GivenAContractsHistory();

        var json = (await Get("/api/changes?from=2022-01-24&to=2022-02-21", ChairToken)).Json;

        json.GetProperty("workstreams").EnumerateArray().ShouldBeEmpty("the workstream was red for its risk all along");
        var organisation = json.GetProperty("organisations").EnumerateArray().Single();
        organisation.GetProperty("id").GetString().ShouldBe("pshp");
        organisation.GetProperty("was").GetString().ShouldBe("amber");
        organisation.GetProperty("now").GetString().ShouldBe("red");
        var row = organisation.GetProperty("workstreams").EnumerateArray().Single();
        row.GetProperty("id").GetString().ShouldBe("sopimukset");
        row.GetProperty("causes").GetProperty("dueDatePassed").GetBoolean().ShouldBeTrue();
        row.GetProperty("causes").GetProperty("posted").EnumerateArray().ShouldBeEmpty();
        row.GetProperty("causes").GetProperty("decisions").EnumerateArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_a_window_it_shows_the_last_two_weeks_or_the_two_weeks_up_to_the_last_day_anything_is_dated()
    {
        await GivenAContractsHistory();

        var json = (await Get("/api/changes", ChairToken)).Json;

        json.GetProperty("widened").GetBoolean().ShouldBeTrue("nothing is dated in the last two weeks of today");
        json.GetProperty("to").GetString().ShouldBe("2021-12-20");
        json.GetProperty("from").GetString().ShouldBe("2021-12-06");
        json.GetProperty("workstreams").EnumerateArray().Single().GetProperty("now").GetString().ShouldBe("red");

        var asked = (await Get("/api/changes?to=2021-12-10", ChairToken)).Json;
        asked.GetProperty("from").GetString().ShouldBe("2021-11-26", "two weeks before the 'to' asked for");
        asked.GetProperty("widened").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task As_known_at_an_instant_the_changes_are_those_the_board_showed_then()
    {
        await GivenAContractsHistory();
        var rescheduled = (await Get("/api/workstreams/sopimukset/history", AuditorToken)).Json.EnumerateArray()
            .Single(e => e.GetProperty("type").GetString() == "WorkstreamRescheduled").GetProperty("recordedAt").GetString()!;

        var json = (await Get($"/api/changes?from=2021-11-29&to=2021-12-21&knownAt={Uri.EscapeDataString(rescheduled)}", ChairToken)).Json;

        json.GetProperty("workstreams").EnumerateArray().ShouldBeEmpty("before the red risk was recorded, the workstream stayed amber");
    }

    [Fact]
    public async Task A_window_that_ends_before_it_begins_or_is_not_dates_is_refused()
    {
        var refused = await Get("/api/changes?from=2022-02-01&to=2022-01-01", ChairToken);
        refused.Status.ShouldBe(400);
        refused.ErrorsFor("from").ShouldBe(["must be on or before to"]);
        var misread = await Get("/api/changes?from=1.2.2022&knownAt=soon", ChairToken);
        misread.Status.ShouldBe(400);
        misread.ErrorsFor("from").ShouldNotBeEmpty();
        misread.ErrorsFor("knownAt").ShouldNotBeEmpty();
    }
}
