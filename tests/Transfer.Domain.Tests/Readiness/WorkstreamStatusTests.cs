using Transfer.Domain.Common;
using Transfer.Domain.Readiness;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.AssessingStatus;
using Transfer.Domain.Workstreams.ReceivingStaffData;
using Transfer.Domain.Workstreams.Rescheduling;
using Transfer.Domain.Workstreams.Retracting;
using Transfer.Domain.Workstreams.SettingTargets;
using Transfer.Domain.Workstreams.TransferringContracts;

namespace Transfer.Domain.Tests.Readiness;

/// <summary>
/// READINESS.md worked by hand on one workstream that starts 1.9.2021 and is due 11.9.2021: ten days,
/// so on day n of September (n − 1) days have gone and a target E is on the line when done × 10 ≥ E × (n − 1).
/// </summary>
public sealed class WorkstreamStatusTests
{
    private static DateOnly Sep(int day) => new(2021, 9, day);

    private static TargetsSet Targets(int day, params Target[] targets) => new("ws", targets, Sep(day));
    private static ContractTransferred Contract(string reference, int day, string organisation = "837") => new("ws", organisation, reference, null, Sep(day));
    private static ItemRetracted Retraction(string reference, int day) => new("ws", ItemKind.Contract, "837", reference, "posted in error", Sep(day));
    private static StaffDataReceived Staff(int day, bool complete) => new("ws", "837", 100, complete, Sep(day));
    private static StatusAssessed Assessed(AssessmentDimension dimension, Rag rag, int day) => new("ws", dimension, rag, "rationale", Sep(day));

    [Fact]
    public void Before_its_first_target_change_a_workstream_has_no_targets_and_no_progress_colour()
    {
        var ws = new TimelineBuilder().Then(Targets(5, new Target("837", TargetKind.Contract, 2)));

        ws.On(Sep(4)).Targets.ShouldBeEmpty();
        ws.On(Sep(4)).Rag.Progress.ShouldBe(Rag.None);
        ws.On(Sep(4)).Rag.Overall.ShouldBe(Rag.None);
        ws.On(Sep(5)).Targets.Single().ShouldBe(new TargetStatus("837", TargetKind.Contract, 2, 0, Rag.Amber));
    }

    [Fact]
    public void Staff_data_counts_while_the_latest_submission_is_complete_partial_then_complete_then_partial()
    {
        var ws = new TimelineBuilder()
            .Then(Targets(1, new Target("837", TargetKind.StaffData, 1)))
            .Then(Staff(3, complete: false))
            .Then(Staff(5, complete: true))
            .Then(Staff(8, complete: false));

        ws.On(Sep(4)).Targets.Single().ShouldBe(new TargetStatus("837", TargetKind.StaffData, 1, 0, Rag.Amber)); // 0 × 10 < 1 × 3
        ws.On(Sep(6)).Targets.Single().ShouldBe(new TargetStatus("837", TargetKind.StaffData, 1, 1, Rag.Green));
        ws.On(Sep(9)).Targets.Single().ShouldBe(new TargetStatus("837", TargetKind.StaffData, 1, 0, Rag.Amber));
        ws.On(Sep(12)).Targets.Single().ShouldBe(new TargetStatus("837", TargetKind.StaffData, 1, 0, Rag.Red));
    }

    [Fact]
    public void Of_two_submissions_on_the_same_day_the_one_recorded_later_counts()
    {
        var ws = new TimelineBuilder()
            .Then(Targets(1, new Target("837", TargetKind.StaffData, 1)))
            .Then(Staff(5, complete: true))
            .Then(Staff(5, complete: false));

        ws.On(Sep(5)).Targets.Single().Done.ShouldBe(0);
    }

    [Fact]
    public void A_retracted_contract_stops_counting_from_the_retraction_date_and_counts_again_when_reposted()
    {
        var ws = new TimelineBuilder()
            .Then(Targets(1, new Target("837", TargetKind.Contract, 2)))
            .Then(Contract("A", 2))
            .Then(Contract("B", 3))
            .Then(Retraction("A", 4))
            .Then(Contract("A", 6));

        ws.On(Sep(3)).Targets.Single().Done.ShouldBe(2);
        ws.On(Sep(5)).Targets.Single().ShouldBe(new TargetStatus("837", TargetKind.Contract, 2, 1, Rag.Green)); // 1 × 10 ≥ 2 × 4
        ws.On(Sep(6)).Targets.Single().Done.ShouldBe(2);
    }

    [Fact]
    public void Latest_means_by_business_date_then_by_record_order()
    {
        // Posted on the 5th, then a retraction back-dated to the 3rd: from the 5th the posting is the later one.
        var ws = new TimelineBuilder()
            .Then(Targets(1, new Target("837", TargetKind.Contract, 1)))
            .Then(Contract("A", 5))
            .Then(Retraction("A", 3));

        ws.On(Sep(4)).Targets.Single().Done.ShouldBe(0);
        ws.On(Sep(5)).Targets.Single().Done.ShouldBe(1);

        // Posted and retracted with the same business date: the retraction was recorded later and wins.
        var sameDay = new TimelineBuilder()
            .Then(Targets(1, new Target("837", TargetKind.Contract, 1)))
            .Then(Contract("A", 5))
            .Then(Retraction("A", 5));
        sameDay.On(Sep(5)).Targets.Single().Done.ShouldBe(0);
    }

    [Fact]
    public void Target_changes_and_rescheduling_take_effect_from_their_own_dates()
    {
        var ws = new TimelineBuilder()
            .Then(Targets(1, new Target("837", TargetKind.Contract, 4)))
            .Then(Contract("A", 2))
            .Then(Contract("B", 3))
            .Then(Targets(6, new Target("837", TargetKind.Contract, 6)))
            .Then(new WorkstreamRescheduled("ws", Sep(21), "late register", Sep(10)));

        ws.On(Sep(5)).Targets.Single().ShouldBe(new TargetStatus("837", TargetKind.Contract, 4, 2, Rag.Green)); // 2 × 10 ≥ 4 × 4
        ws.On(Sep(6)).Targets.Single().ShouldBe(new TargetStatus("837", TargetKind.Contract, 6, 2, Rag.Amber)); // 2 × 10 < 6 × 5
        ws.On(Sep(9)).DueDate.ShouldBe(Sep(11));
        // Without the reschedule the 12th is past due (red); with it, 20 days to the 21st: 2 × 20 < 6 × 11 → amber.
        ws.On(Sep(12)).DueDate.ShouldBe(Sep(21));
        ws.On(Sep(12)).Targets.Single().Rag.ShouldBe(Rag.Amber);
        ws.On(Sep(22)).Targets.Single().Rag.ShouldBe(Rag.Red);
    }

    [Fact]
    public void The_due_date_in_force_is_the_one_with_the_latest_business_date_ties_going_to_the_later_record()
    {
        WorkstreamRescheduled To(int month, int day, int occurredOnDay) => new("ws", new DateOnly(2021, month, day), "r", Sep(occurredOnDay));

        // Recorded later but dated earlier: the later-dated reschedule stays in force.
        new TimelineBuilder().Then(To(10, 1, 5)).Then(To(9, 20, 3)).On(Sep(30)).DueDate.ShouldBe(new DateOnly(2021, 10, 1));
        // Same business date: the one recorded later wins.
        new TimelineBuilder().Then(To(10, 1, 5)).Then(To(9, 20, 5)).On(Sep(30)).DueDate.ShouldBe(new DateOnly(2021, 9, 20));
        // A later-dated reschedule replaces an earlier one.
        new TimelineBuilder().Then(To(10, 1, 5)).Then(To(10, 15, 7)).On(Sep(30)).DueDate.ShouldBe(new DateOnly(2021, 10, 15));
        // Before any reschedule is in force, the registered due date holds.
        new TimelineBuilder().Then(To(10, 1, 5)).On(Sep(4)).DueDate.ShouldBe(Sep(11));
    }

    [Fact]
    public void A_target_change_sets_only_the_targets_it_names_and_a_same_day_change_recorded_later_wins()
    {
        var ws = new TimelineBuilder()
            .Then(Targets(1, new Target("837", TargetKind.Contract, 4), new Target(null, TargetKind.Decision, 1)))
            .Then(Targets(2, new Target("837", TargetKind.Contract, 3)))
            .Then(Targets(2, new Target("837", TargetKind.Contract, 5)));

        ws.On(Sep(2)).Targets.Select(t => (t.OrganisationId, t.Kind, t.Expected))
            .ShouldBe([(null, TargetKind.Decision, 1), ("837", TargetKind.Contract, 5)]);
    }

    [Fact]
    public void Assessments_can_make_a_workstream_look_worse_than_its_numbers_never_better()
    {
        var ws = new TimelineBuilder()
            .Then(Targets(1, new Target("837", TargetKind.Contract, 10)))
            .Then(Assessed(AssessmentDimension.Overall, Rag.Green, 3))
            .Then(Assessed(AssessmentDimension.Risk, Rag.Red, 5))
            .Then(Assessed(AssessmentDimension.Risk, Rag.Green, 7));

        // Progress amber (0 done): an overall "green" does not hide it.
        ws.On(Sep(4)).Rag.ShouldBe(new WorkstreamRag(Rag.Amber, Rag.Amber, Rag.None, Rag.None, Rag.None, Rag.None, Rag.None));
        // A red risk makes the whole workstream red from the 5th ...
        ws.On(Sep(5)).Rag.ShouldBe(new WorkstreamRag(Rag.Red, Rag.Amber, Rag.None, Rag.None, Rag.None, Rag.None, Rag.Red));
        // ... until a newer risk assessment is in force.
        ws.On(Sep(7)).Rag.Overall.ShouldBe(Rag.Amber);
        ws.On(Sep(7)).Assessments.Select(a => (a.Dimension, a.Rag)).ShouldBe([(AssessmentDimension.Risk, Rag.Green), (AssessmentDimension.Overall, Rag.Green)]);
    }

    [Fact]
    public void Every_dimension_feeds_overall()
    {
        foreach (var dimension in Enum.GetValues<AssessmentDimension>())
        {
            var ws = new TimelineBuilder().Then(Assessed(dimension, Rag.Red, 2));
            ws.On(Sep(2)).Rag.Overall.ShouldBe(Rag.Red, $"{dimension}");
            ws.On(Sep(1)).Rag.Overall.ShouldBe(Rag.None, $"{dimension}");
        }
    }

    [Fact]
    public void Known_at_leaves_out_a_back_dated_report_recorded_later()
    {
        var meeting = new DateTimeOffset(2021, 9, 7, 9, 0, 0, TimeSpan.FromHours(3));
        var ws = new TimelineBuilder()
            .Then(Targets(1, new Target("837", TargetKind.Contract, 2)))
            .Then(Contract("A", 2))
            .Then(Contract("B", 3), recordedAt: meeting.AddDays(2)); // reported after the meeting, dated the 3rd

        var shownAtTheMeeting = ws.On(Sep(7), knownAt: meeting);
        shownAtTheMeeting.Targets.Single().ShouldBe(new TargetStatus("837", TargetKind.Contract, 2, 1, Rag.Amber)); // 1 × 10 < 2 × 6

        var knownToday = ws.On(Sep(7));
        knownToday.Targets.Single().ShouldBe(new TargetStatus("837", TargetKind.Contract, 2, 2, Rag.Green));

        // The knownAt bound is inclusive.
        ws.On(Sep(7), knownAt: meeting.AddDays(2)).Targets.Single().Done.ShouldBe(2);
    }

    [Fact]
    public void A_workstream_registered_after_known_at_does_not_exist_then()
    {
        var ws = new TimelineBuilder();
        WorkstreamStatus.Evaluate(ws.Profile, ws.TalliesAt(Sep(5), null), new Horizon(Sep(5), TimelineBuilder.FirstRecorded.AddSeconds(-1))).ShouldBeNull();
        WorkstreamStatus.Evaluate(ws.Profile, ws.TalliesAt(Sep(5), null), new Horizon(Sep(5), TimelineBuilder.FirstRecorded)).ShouldNotBeNull();
    }
}
