using Transfer.Domain.Common;
using Transfer.Domain.Organisations;
using Transfer.Domain.Readiness;
using Transfer.Domain.WorkingGroups;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.AssessingStatus;
using Transfer.Domain.Workstreams.Rescheduling;
using Transfer.Domain.Workstreams.SettingTargets;
using Transfer.Domain.Workstreams.TransferringContracts;

namespace Transfer.Domain.Tests.Readiness;

public sealed class BoardsTests
{
    private static readonly DateOnly AsOf = new(2021, 9, 6);
    private static readonly DateTimeOffset Registered = new(2021, 8, 1, 0, 0, 0, TimeSpan.Zero);

    private static WorkingGroup Group(string id, string? parent) => new(id, $"Group {id}", parent, Registered);

    private static WorkstreamStatus Workstream(string id, string group, Rag overall)
    {
        var builder = new TimelineBuilder(id, group: group);
        // On the 6th, with 5 of 10 days gone: 5 of 10 contracts is green, none is amber; a red risk makes it red.
        if (overall != Rag.None)
            builder.Then(new TargetsSet(id, [new Target("837", TargetKind.Contract, 10)], new DateOnly(2021, 9, 1)));
        if (overall == Rag.Green)
            for (var i = 0; i < 5; i++) builder.Then(new ContractTransferred(id, "837", $"C{i}", null, new DateOnly(2021, 9, 2)));
        if (overall == Rag.Red)
            builder.Then(new StatusAssessed(id, AssessmentDimension.Risk, Rag.Red, "r", new DateOnly(2021, 9, 2)));
        var status = builder.On(AsOf);
        status.Rag.Overall.ShouldBe(overall);
        return status;
    }

    // vate ─┬─ ws-top (green)
    //       ├─ hallinto ─┬─ ws-mid (amber)
    //       │            └─ talous ─┬─ ws-low (red)
    //       │                       └─ ws-empty (none: no targets)
    //       └─ icmt (no workstreams)
    private static readonly BoardRollup ThreeLevels = new(
        [Group("vate", null), Group("hallinto", "vate"), Group("talous", "hallinto"), Group("icmt", "vate")],
        [Workstream("ws-top", "vate", Rag.Green), Workstream("ws-mid", "hallinto", Rag.Amber),
         Workstream("ws-low", "talous", Rag.Red), Workstream("ws-empty", "talous", Rag.None)]);

    [Fact]
    public void A_group_is_the_worst_of_its_workstreams_and_child_groups_and_counts_its_whole_subtree()
    {
        var vate = ThreeLevels.WorkingGroup("vate")!;
        vate.Rag.ShouldBe(Rag.Red);
        vate.Counts.ShouldBe(new RagCounts(Red: 1, Amber: 1, Green: 1, None: 1));
        vate.Workstreams.ShouldBe([new GroupWorkstream("ws-top", "Workstream ws-top", Rag.Green, Rag.Green,
            Rag.None, Rag.None, Rag.None, Rag.None, Rag.None, new DateOnly(2021, 9, 11), Expected: 10, Done: 5)]);
        vate.Groups.ShouldBe([
            new GroupRollup("hallinto", "Group hallinto", Rag.Red, new RagCounts(1, 1, 0, 1)),
            new GroupRollup("icmt", "Group icmt", Rag.None, RagCounts.Zero),
        ]);

        var hallinto = ThreeLevels.WorkingGroup("hallinto")!;
        hallinto.Rag.ShouldBe(Rag.Red);
        hallinto.Workstreams.Single().ShouldBe(new GroupWorkstream("ws-mid", "Workstream ws-mid", Rag.Amber, Rag.Amber,
            Rag.None, Rag.None, Rag.None, Rag.None, Rag.None, new DateOnly(2021, 9, 11), Expected: 10, Done: 0));
        hallinto.Groups.ShouldBe([new GroupRollup("talous", "Group talous", Rag.Red, new RagCounts(1, 0, 0, 1))]);

        var icmt = ThreeLevels.WorkingGroup("icmt")!;
        icmt.Rag.ShouldBe(Rag.None);
        icmt.Counts.ShouldBe(RagCounts.Zero);
        ThreeLevels.WorkingGroup("nowhere").ShouldBeNull();
    }

    [Fact]
    public void A_groups_workstream_carries_all_six_parts_of_its_RAG_its_due_date_in_force_and_its_progress_in_numbers()
    {
        // Due 11.9, moved to 21.9 on the 3rd. On the 6th: Tampere 5 of 10 contracts and PSHP 3 of 2 are both on the line,
        // so progress is green; the assessed parts stand as assessed, risk is unassessed, and the red cost makes it red overall.
        var builder = new TimelineBuilder("parts", group: "g")
            .Then(new TargetsSet("parts", [new Target("837", TargetKind.Contract, 10), new Target("pshp", TargetKind.Contract, 2)], new DateOnly(2021, 9, 1)))
            .Then(new WorkstreamRescheduled("parts", new DateOnly(2021, 9, 21), "Tampere's register", new DateOnly(2021, 9, 3)))
            .Then(new StatusAssessed("parts", AssessmentDimension.Deliverables, Rag.Green, "d", new DateOnly(2021, 9, 2)))
            .Then(new StatusAssessed("parts", AssessmentDimension.Schedule, Rag.Amber, "s", new DateOnly(2021, 9, 2)))
            .Then(new StatusAssessed("parts", AssessmentDimension.Cost, Rag.Red, "c", new DateOnly(2021, 9, 2)))
            .Then(new StatusAssessed("parts", AssessmentDimension.Benefits, Rag.Green, "b", new DateOnly(2021, 9, 2)));
        for (var i = 0; i < 5; i++) builder.Then(new ContractTransferred("parts", "837", $"T{i}", null, new DateOnly(2021, 9, 2)));
        for (var i = 0; i < 3; i++) builder.Then(new ContractTransferred("parts", "pshp", $"P{i}", null, new DateOnly(2021, 9, 2)));
        var status = builder.On(AsOf);

        var row = new BoardRollup([Group("g", null)], [status]).WorkingGroup("g")!.Workstreams.Single();

        // PSHP's third contract is beyond its target, so it does not count towards the 12 expected.
        row.ShouldBe(new GroupWorkstream("parts", "Workstream parts", Rag: Rag.Red, Progress: Rag.Green, Deliverables: Rag.Green,
            Schedule: Rag.Amber, Cost: Rag.Red, Benefits: Rag.Green, Risk: Rag.None, DueDate: new DateOnly(2021, 9, 21), Expected: 12, Done: 7));
        // The same parts as the workstream's own status.
        (row.Rag, row.Progress, row.Deliverables, row.Schedule, row.Cost, row.Benefits, row.Risk).ShouldBe(
            (status.Rag.Overall, status.Rag.Progress, status.Rag.Deliverables, status.Rag.Schedule, status.Rag.Cost, status.Rag.Benefits, status.Rag.Risk));
        row.DueDate.ShouldBe(status.DueDate);
    }

    [Fact]
    public void The_portfolio_rolls_up_the_top_level_groups_with_their_sections()
    {
        var portfolio = ThreeLevels.Portfolio();
        portfolio.Rag.ShouldBe(Rag.Red);
        portfolio.Counts.ShouldBe(new RagCounts(1, 1, 1, 1));
        portfolio.Groups.Select(g => g.Id).ShouldBe(["vate"]);
        // Each top-level group carries its sections as its own board shows them, so the portfolio page is one request.
        var vate = portfolio.Groups.Single();
        (vate.Rag, vate.Counts).ShouldBe((Rag.Red, new RagCounts(1, 1, 1, 1)));
        vate.Groups.ShouldBe(ThreeLevels.WorkingGroup("vate")!.Groups);

        var empty = new BoardRollup([], []).Portfolio();
        empty.Rag.ShouldBe(Rag.None);
        empty.Counts.ShouldBe(RagCounts.Zero);
        empty.Groups.ShouldBeEmpty();
    }

    [Fact]
    public void An_organisation_sees_only_its_own_targets_and_county_level_targets_belong_to_nobody()
    {
        // 837 has 5 of 10 contracts (green on the 6th); the county-level decision and PSHP's staff data are behind.
        var builder = new TimelineBuilder("shared")
            .Then(new TargetsSet("shared", [
                new Target("837", TargetKind.Contract, 10), new Target(null, TargetKind.Decision, 1), new Target("pshp", TargetKind.StaffData, 1),
            ], new DateOnly(2021, 9, 1)));
        for (var i = 0; i < 5; i++) builder.Then(new ContractTransferred("shared", "837", $"C{i}", null, new DateOnly(2021, 9, 2)));
        var shared = builder.On(AsOf);
        shared.Rag.Progress.ShouldBe(Rag.Amber);
        var untouched = new TimelineBuilder("other").Then(new TargetsSet("other", [new Target("pshp", TargetKind.Contract, 1)], new DateOnly(2021, 9, 1))).On(AsOf);

        var tampere = BoardRollup.Organisation(new Organisation("837", "Tampere", OrganisationKind.Municipality, Registered), [shared, untouched]);
        tampere.Rag.ShouldBe(Rag.Green);
        tampere.Counts.ShouldBe(new RagCounts(0, 0, 1, 0));
        tampere.Workstreams.Single().Id.ShouldBe("shared");
        tampere.Workstreams.Single().Targets.ShouldBe([new OrganisationTarget(TargetKind.Contract, 10, 5, Rag.Green)]);

        var pshp = BoardRollup.Organisation(new Organisation("pshp", "PSHP", OrganisationKind.HospitalDistrict, Registered), [shared, untouched]);
        pshp.Rag.ShouldBe(Rag.Amber);
        pshp.Workstreams.Select(w => (w.Id, w.Rag)).ShouldBe([("other", Rag.Amber), ("shared", Rag.Amber)]);

        var akaa = BoardRollup.Organisation(new Organisation("020", "Akaa", OrganisationKind.Municipality, Registered), [shared, untouched]);
        akaa.Rag.ShouldBe(Rag.None);
        akaa.Workstreams.ShouldBeEmpty();
    }
}
