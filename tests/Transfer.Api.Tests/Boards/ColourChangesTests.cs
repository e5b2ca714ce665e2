using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Boards;

/// <summary>What changed colour between two dates, and the events that caused it, as a chair reads it before a meeting.</summary>
public sealed class ColourChangesTests(TransferAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task A_workstream_that_changed_colour_lists_the_items_posted_and_the_decisions_that_caused_it()
    {
        await GivenAContractsHistory();

        var changes = await Get("/api/changes?from=2021-11-29&to=2021-12-21", ChairToken).View<ColourChangesView>();

        changes.From.ShouldBe("2021-11-29");
        changes.Widened.ShouldBeFalse();
        var change = changes.Workstreams.ShouldHaveSingleItem();
        (change.Id, change.Was, change.Now).ShouldBe(("sopimukset", "amber", "red"));
        change.Parts.ShouldBe([new PartChange("risk", "none", "red")], "progress stayed amber; the risk assessment made it red");
        var causes = change.Causes;
        (causes.DueDateWas, causes.DueDate, causes.DueDatePassed).ShouldBe(("2022-01-31", "2022-02-15", false));

        // One contract, so it is its own first and last; 837's contracts are dated before the window.
        var posted = causes.Posted.ShouldHaveSingleItem();
        posted.ShouldBe(new ItemsPosted("ContractTransferred", "pshp", Count: 1, FirstOn: "2021-12-01", LastOn: "2021-12-01", posted.LastRecordedAt,
            RecordedBy: ["PMO Test"], posted.FirstSequence, LastSequence: posted.FirstSequence));

        // Each decision carries its own type's fields, the others null.
        var decisions = causes.Decisions;
        decisions.Select(d => d.Type).ShouldBe(["ItemRetracted", "WorkstreamRescheduled", "StatusAssessed"]);
        EventNote Decision(EventNote at, string occurredOn) =>
            new(at.Sequence, at.Version, "sopimukset", at.Type, occurredOn, at.RecordedAt, "PMO Test", null, null, null, null, null, null, null);
        decisions[0].ShouldBe(Decision(decisions[0], "2021-12-08") with { Kind = "contract", OrganisationId = "pshp", Ref = "P-1", Text = "Posted twice" });
        decisions[1].ShouldBe(Decision(decisions[1], "2021-12-15") with { DueDate = "2022-02-15", Text = "Tampere a week late" });
        decisions[2].ShouldBe(Decision(decisions[2], "2021-12-20") with { Dimension = "risk", Rag = "red", Text = "Hospital district behind" });

        // Each cause finds its events in the history by sequence.
        var history = (await Get("/api/workstreams/sopimukset/history", AuditorToken).View<ValueList<RecordedEvent>>()).ToDictionary(e => e.Sequence, e => e.Type);
        history[posted.FirstSequence].ShouldBe("ContractTransferred");
        foreach (var decision in decisions)
            history[decision.Sequence].ShouldBe(decision.Type);

        changes.Organisations.ShouldBeEmpty("both organisations kept their colour over these weeks");
    }

    [Fact]
    public async Task An_organisation_turned_red_by_its_due_date_passing_says_so_and_lists_only_what_concerns_it()
    {
        await GivenAContractsHistory();

        var changes = await Get("/api/changes?from=2022-01-24&to=2022-02-21", ChairToken).View<ColourChangesView>();

        changes.Workstreams.ShouldBeEmpty("the workstream was red for its risk all along");
        var organisation = changes.Organisations.ShouldHaveSingleItem();
        (organisation.Id, organisation.Was, organisation.Now).ShouldBe(("pshp", "amber", "red"));
        var row = organisation.Workstreams.ShouldHaveSingleItem();
        row.Id.ShouldBe("sopimukset");
        // The due date (moved to 15.2. in December) passed inside the window, and nothing was posted or decided in it.
        row.Causes.ShouldBe(new ChangeCauses(DueDateWas: "2022-02-15", DueDate: "2022-02-15", DueDatePassed: true, Posted: [], Decisions: [], EarlierDecisions: 0));
    }

    [Fact]
    public async Task Without_a_window_it_shows_the_last_two_weeks_or_the_two_weeks_up_to_the_last_day_anything_is_dated()
    {
        await GivenAContractsHistory();

        var changes = await Get("/api/changes", ChairToken).View<ColourChangesView>();

        changes.Widened.ShouldBeTrue("nothing is dated in the last two weeks of today");
        (changes.From, changes.To).ShouldBe(("2021-12-06", "2021-12-20"));
        changes.Workstreams.ShouldHaveSingleItem().Now.ShouldBe("red");

        var asked = await Get("/api/changes?to=2021-12-10", ChairToken).View<ColourChangesView>();
        asked.From.ShouldBe("2021-11-26", "two weeks before the 'to' asked for");
        asked.Widened.ShouldBeFalse();
    }

    [Fact]
    public async Task As_known_at_an_instant_the_changes_are_those_the_board_showed_then()
    {
        await GivenAContractsHistory();
        var rescheduled = (await Get("/api/workstreams/sopimukset/history", AuditorToken).View<ValueList<RecordedEvent>>())
            .Single(e => e.Type == "WorkstreamRescheduled").RecordedAt;

        var changes = await Get($"/api/changes?from=2021-11-29&to=2021-12-21&knownAt={Uri.EscapeDataString(rescheduled)}", ChairToken).View<ColourChangesView>();

        changes.Workstreams.ShouldBeEmpty("before the red risk was recorded, the workstream stayed amber");
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
