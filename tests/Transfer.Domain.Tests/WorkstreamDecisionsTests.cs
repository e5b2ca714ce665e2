using Transfer.Domain.Common;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.AssessingStatus;
using Transfer.Domain.Workstreams.MakingDecisions;
using Transfer.Domain.Workstreams.ReceivingStaffData;
using Transfer.Domain.Workstreams.Registering;
using Transfer.Domain.Workstreams.Rescheduling;
using Transfer.Domain.Workstreams.Retracting;
using Transfer.Domain.Workstreams.SettingTargets;
using Transfer.Domain.Workstreams.TransferringContracts;
using Transfer.Domain.Workstreams.UnifyingSystems;

namespace Transfer.Domain.Tests;

public sealed class WorkstreamDecisionsTests
{
    private static readonly DateOnly Today = new(2022, 1, 30);
    private static readonly DateTimeOffset Recorded = new(2022, 1, 30, 9, 0, 0, TimeSpan.Zero);

    private static readonly Workstream Contracts = new("sopimukset", new DateOnly(2021, 9, 1));

    /// <summary>The item as recorded after these postings and retractions of it.</summary>
    private static CountedItem? Item(params object[] events) =>
        events.Select((e, i) => (change: ItemEvent.Of(e)!, version: i + 2L))
            .Aggregate((CountedItem?)null, (item, next) => CountedItem.Record(item, next.change, Recorded, next.version));

    private static ContractTransferred Contract(string organisation, string reference) =>
        new("sopimukset", organisation, reference, null, new DateOnly(2022, 1, 28));

    private static ItemRetracted Retraction(string organisation, string reference) =>
        new("sopimukset", ItemKind.Contract, organisation, reference, "wrong workstream", new DateOnly(2022, 1, 29));

    [Fact]
    public void A_new_contract_is_recorded_as_transferred()
    {
        var decision = new TransferContract("837", "TRE-1", "Mehiläinen Oy", new DateOnly(2022, 1, 28)).Decide(Contracts, null, Today);

        decision.Event.ShouldBe(new ContractTransferred("sopimukset", "837", "TRE-1", "Mehiläinen Oy", new DateOnly(2022, 1, 28)));
        decision.Rejection.ShouldBeNull();
    }

    [Fact]
    public void A_counted_contract_cannot_be_counted_again()
    {
        var decision = new TransferContract("837", "TRE-1", null, new DateOnly(2022, 1, 29)).Decide(Contracts, Item(Contract("837", "TRE-1")), Today);

        decision.Event.ShouldBeNull();
        decision.Rejection!.Kind.ShouldBe(RejectionKind.Conflict);
    }

    [Fact]
    public void Each_command_names_its_item_by_kind_organisation_and_reference()
    {
        new TransferContract("837", "X-1", null, Today).Item.ShouldBe(new ItemKey(ItemKind.Contract, "837", "X-1"));
        new UnifySystem("837", "home-care", null, null, Today).Item.ShouldBe(new ItemKey(ItemKind.System, "837", "home-care"));
        new MakeDecision(null, "VATE", "X-1", "t", Today).Item.ShouldBe(new ItemKey(ItemKind.Decision, null, "X-1"));
        new RetractItem(ItemKind.Decision, "837", "X-1", "r", Today).Item.ShouldBe(new ItemKey(ItemKind.Decision, "837", "X-1"));

        // Different items never share a record.
        var ids = new[]
        {
            CountedItem.IdOf("sopimukset", new ItemKey(ItemKind.Contract, "837", "X-1")),
            CountedItem.IdOf("sopimukset", new ItemKey(ItemKind.Contract, "pshp", "X-1")),
            CountedItem.IdOf("sopimukset", new ItemKey(ItemKind.Decision, "837", "X-1")),
            CountedItem.IdOf("sopimukset", new ItemKey(ItemKind.Decision, null, "X-1")),
            CountedItem.IdOf("toinen", new ItemKey(ItemKind.Contract, "837", "X-1")),
        };
        ids.Distinct().Count().ShouldBe(ids.Length);
    }

    [Fact]
    public void A_retracted_item_may_be_posted_again_and_retracted_again()
    {
        var retracted = Item(Contract("837", "TRE-1"), Retraction("837", "TRE-1"));
        new TransferContract("837", "TRE-1", null, Today).Decide(Contracts, retracted, Today).Event.ShouldNotBeNull();
        new RetractItem(ItemKind.Contract, "837", "TRE-1", "again", Today).Decide(Contracts, retracted, Today).Rejection!.Kind.ShouldBe(RejectionKind.Conflict);

        var reposted = Item(Contract("837", "TRE-1"), Retraction("837", "TRE-1"), Contract("837", "TRE-1"));
        new RetractItem(ItemKind.Contract, "837", "TRE-1", "again", Today).Decide(Contracts, reposted, Today).Event.ShouldNotBeNull();
    }

    [Fact]
    public void Whether_an_item_is_posted_follows_the_order_recorded_not_the_business_dates()
    {
        // A retraction recorded after the posting withdraws it for decisions, even if back-dated before it.
        var posting = new ContractTransferred("sopimukset", "837", "A", null, new DateOnly(2022, 1, 20));
        var backdated = new ItemRetracted("sopimukset", ItemKind.Contract, "837", "A", "r", new DateOnly(2022, 1, 10));
        Item(posting, backdated)!.IsPosted.ShouldBeFalse();
        Item(posting)!.IsPosted.ShouldBeTrue();
    }

    [Fact]
    public void What_was_never_posted_cannot_be_retracted()
    {
        var decision = new RetractItem(ItemKind.System, "837", "home-care", "x", Today).Decide(Contracts, null, Today);

        decision.Rejection!.Kind.ShouldBe(RejectionKind.Conflict);
        decision.Rejection.Message.ShouldContain("system 'home-care' of organisation '837'");
    }

    [Fact]
    public void Business_dates_may_be_tomorrow_but_no_later()
    {
        new TransferContract("837", "A", null, Today.AddDays(1)).Decide(Contracts, null, Today).Event.ShouldNotBeNull();

        var decisions = new[]
        {
            new TransferContract("837", "A", null, Today.AddDays(2)).Decide(Contracts, null, Today),
            new UnifySystem("837", "home-care", null, null, Today.AddDays(2)).Decide(Contracts, null, Today),
            new ReceiveStaffData("837", 10, true, Today.AddDays(2)).Decide(Contracts, Today),
            new MakeDecision(null, "VATE", "1", "t", Today.AddDays(2)).Decide(Contracts, null, Today),
            new AssessStatus(AssessmentDimension.Risk, Rag.Red, "r", Today.AddDays(2)).Decide(Contracts, Today),
            new SetTargets([new Target(null, TargetKind.Decision, 1)], Today.AddDays(2)).Decide(Contracts, Today),
            new Reschedule(new DateOnly(2022, 3, 1), "r", Today.AddDays(2)).Decide(Contracts, Today),
            new RetractItem(ItemKind.Contract, "837", "A", "r", Today.AddDays(2)).Decide(Contracts, Item(Contract("837", "A")), Today),
        };

        decisions.ShouldAllBe(d => d.Rejection != null && d.Rejection.Kind == RejectionKind.InvalidInput && d.Rejection.Field == "occurredOn");
    }

    [Fact]
    public void Staff_data_may_be_resubmitted_but_never_with_negative_employees()
    {
        new ReceiveStaffData("837", 6184, true, Today).Decide(Contracts, Today).Event.ShouldBe(new StaffDataReceived("sopimukset", "837", 6184, true, Today));
        new ReceiveStaffData("837", -1, true, Today).Decide(Contracts, Today).Rejection!.Field.ShouldBe("employees");
    }

    [Fact]
    public void An_assessment_needs_a_colour_and_a_rationale()
    {
        new AssessStatus(AssessmentDimension.Overall, Rag.Green, "On track", Today).Decide(Contracts, Today).Event.ShouldNotBeNull();
        new AssessStatus(AssessmentDimension.Overall, Rag.None, "On track", Today).Decide(Contracts, Today).Rejection!.Field.ShouldBe("rag");
        new AssessStatus(AssessmentDimension.Overall, Rag.Red, " ", Today).Decide(Contracts, Today).Rejection!.Field.ShouldBe("rationale");
    }

    [Fact]
    public void Targets_need_positive_expectations_and_one_entry_per_organisation_and_kind()
    {
        var valid = new SetTargets([new Target("837", TargetKind.Contract, 300), new Target(null, TargetKind.Contract, 5)], Today).Decide(Contracts, Today);
        var set = valid.Event.ShouldBeOfType<TargetsSet>();
        set.Targets.ShouldBe([new Target("837", TargetKind.Contract, 300), new Target(null, TargetKind.Contract, 5)]);
        set.OccurredOn.ShouldBe(Today);

        new SetTargets([], Today).Decide(Contracts, Today).Rejection!.Field.ShouldBe("targets");
        new SetTargets([new Target("837", TargetKind.StaffData, 0)], Today).Decide(Contracts, Today).Rejection!.Field.ShouldBe("targets[0].expected");
        new SetTargets([new Target("837", TargetKind.System, 2), new Target("837", TargetKind.System, 3)], Today)
            .Decide(Contracts, Today).Rejection!.Field.ShouldBe("targets[1]");
    }

    [Fact]
    public void A_workstream_is_due_on_or_after_its_start()
    {
        var start = new DateOnly(2021, 9, 1);
        new RegisterWorkstream("a", "A", "g", WorkstreamCategory.Ict, start, start).Decide().Event.ShouldNotBeNull();
        new RegisterWorkstream("a", "A", "g", WorkstreamCategory.Ict, start, start.AddDays(-1)).Decide().Rejection!.Field.ShouldBe("dueDate");
        new Reschedule(start.AddDays(-1), "r", Today).Decide(Contracts, Today).Rejection!.Field.ShouldBe("dueDate");
        new Reschedule(start, "r", Today).Decide(Contracts, Today).Event.ShouldNotBeNull();
    }
}
