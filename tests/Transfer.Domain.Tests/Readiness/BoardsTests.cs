using Transfer.Domain.Common;
using Transfer.Domain.Organisations;
using Transfer.Domain.Readiness;
using Transfer.Domain.WorkingGroups;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.AssessingStatus;
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
    private static readonly Boards ThreeLevels = new(
        [Group("vate", null), Group("hallinto", "vate"), Group("talous", "hallinto"), Group("icmt", "vate")],
        [Workstream("ws-top", "vate", Rag.Green), Workstream("ws-mid", "hallinto", Rag.Amber),
         Workstream("ws-low", "talous", Rag.Red), Workstream("ws-empty", "talous", Rag.None)]);

    [Fact]
    public void A_group_is_the_worst_of_its_workstreams_and_child_groups_and_counts_its_whole_subtree()
    {
        var vate = ThreeLevels.WorkingGroup("vate")!;
        vate.Rag.ShouldBe(Rag.Red);
        vate.Counts.ShouldBe(new RagCounts(Red: 1, Amber: 1, Green: 1, None: 1));
        vate.Workstreams.ShouldBe([new GroupWorkstream("ws-top", "Workstream ws-top", Rag.Green, Rag.Green)]);
        vate.Groups.ShouldBe([
            new GroupRollup("hallinto", "Group hallinto", Rag.Red, new RagCounts(1, 1, 0, 1)),
            new GroupRollup("icmt", "Group icmt", Rag.None, RagCounts.Zero),
        ]);

        var hallinto = ThreeLevels.WorkingGroup("hallinto")!;
        hallinto.Rag.ShouldBe(Rag.Red);
        hallinto.Workstreams.Single().ShouldBe(new GroupWorkstream("ws-mid", "Workstream ws-mid", Rag.Amber, Rag.Amber));
        hallinto.Groups.ShouldBe([new GroupRollup("talous", "Group talous", Rag.Red, new RagCounts(1, 0, 0, 1))]);

        var icmt = ThreeLevels.WorkingGroup("icmt")!;
        icmt.Rag.ShouldBe(Rag.None);
        icmt.Counts.ShouldBe(RagCounts.Zero);
        ThreeLevels.WorkingGroup("nowhere").ShouldBeNull();
    }

    [Fact]
    public void The_portfolio_rolls_up_the_top_level_groups()
    {
        var portfolio = ThreeLevels.Portfolio();
        portfolio.Rag.ShouldBe(Rag.Red);
        portfolio.Counts.ShouldBe(new RagCounts(1, 1, 1, 1));
        portfolio.Groups.Select(g => g.Id).ShouldBe(["vate"]);

        var empty = new Boards([], []).Portfolio();
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

        var tampere = Boards.Organisation(new Organisation("837", "Tampere", OrganisationKind.Municipality, Registered), [shared, untouched]);
        tampere.Rag.ShouldBe(Rag.Green);
        tampere.Counts.ShouldBe(new RagCounts(0, 0, 1, 0));
        tampere.Workstreams.Single().Id.ShouldBe("shared");
        tampere.Workstreams.Single().Targets.ShouldBe([new OrganisationTarget(TargetKind.Contract, 10, 5, Rag.Green)]);

        var pshp = Boards.Organisation(new Organisation("pshp", "PSHP", OrganisationKind.HospitalDistrict, Registered), [shared, untouched]);
        pshp.Rag.ShouldBe(Rag.Amber);
        pshp.Workstreams.Select(w => (w.Id, w.Rag)).ShouldBe([("other", Rag.Amber), ("shared", Rag.Amber)]);

        var akaa = Boards.Organisation(new Organisation("020", "Akaa", OrganisationKind.Municipality, Registered), [shared, untouched]);
        akaa.Rag.ShouldBe(Rag.None);
        akaa.Workstreams.ShouldBeEmpty();
    }
}
