using Transfer.Domain.Common;
using Transfer.Domain.Subscriptions;

namespace Transfer.Domain.Tests.Subscriptions;

/// <summary>The subscriptions' rule: each change is told once, looking again tells nothing, and only what the trigger asks for.</summary>
public sealed class WatchTests
{
    private static readonly DateOnly Today = new(2022, 1, 20);
    private static readonly DateOnly Due = new(2022, 1, 31);

    private static ScopeNow Scope(Rag rag, params (string Id, Rag Rag)[] workstreams) =>
        new(rag, workstreams.Select(w => new WatchedWorkstream(w.Id, Due, w.Rag)).ToList());

    [Fact]
    public void Turning_red_is_told_once_with_the_workstreams_that_turned_red()
    {
        var last = WatchState.Of(Scope(Rag.Amber, ("a", Rag.Amber), ("b", Rag.Green)));
        var now = Scope(Rag.Red, ("a", Rag.Red), ("b", Rag.Amber));

        var (telling, next) = Watch.Look(SubscriptionTrigger.TurnsRed, null, last, now, Today);

        telling.ShouldNotBeNull();
        (telling.From, telling.To).ShouldBe((Rag.Amber, Rag.Red));
        telling.Turned.ShouldBe([new WorkstreamTurn("a", Rag.Amber, Rag.Red)]);
        Watch.Look(SubscriptionTrigger.TurnsRed, null, next, now, Today).Telling.ShouldBeNull("looking again at the same board tells nothing");
    }

    [Fact]
    public void Turns_red_tells_nothing_of_other_changes_but_keeps_them_so_a_later_red_is_told()
    {
        var amber = Watch.Look(SubscriptionTrigger.TurnsRed, null, WatchState.Of(Scope(Rag.Green)), Scope(Rag.Amber), Today);
        amber.Telling.ShouldBeNull();
        var green = Watch.Look(SubscriptionTrigger.TurnsRed, null, WatchState.Of(Scope(Rag.Red)), Scope(Rag.Green), Today);
        green.Telling.ShouldBeNull("red to green is not turning red");

        Watch.Look(SubscriptionTrigger.TurnsRed, null, green.Next, Scope(Rag.Red), Today).Telling.ShouldNotBeNull("red again after green is told again");
    }

    [Fact]
    public void Every_colour_change_is_told_and_only_a_change()
    {
        var last = WatchState.Of(Scope(Rag.Amber, ("a", Rag.Amber)));
        var (telling, next) = Watch.Look(SubscriptionTrigger.ColourChanges, null, last, Scope(Rag.Green, ("a", Rag.Green)), Today);
        telling.ShouldNotBeNull();
        (telling.From, telling.To).ShouldBe((Rag.Amber, Rag.Green));
        telling.Turned.ShouldBe([new WorkstreamTurn("a", Rag.Amber, Rag.Green)]);

        Watch.Look(SubscriptionTrigger.ColourChanges, null, next, Scope(Rag.Green, ("a", Rag.Green), ("new", Rag.Green)), Today)
            .Telling.ShouldBeNull("a workstream added in the same colour changes nothing of the scope's colour");
    }

    [Fact]
    public void A_due_date_near_and_not_green_is_told_once_per_due_date()
    {
        var last = WatchState.Of(Scope(Rag.Amber));
        var now = new ScopeNow(Rag.Amber,
        [
            new WatchedWorkstream("near", Due, Rag.Amber),
            new WatchedWorkstream("done", Due, Rag.Green),
            new WatchedWorkstream("far", Due.AddDays(30), Rag.Red),
            new WatchedWorkstream("passed", Today.AddDays(-1), Rag.Red),
        ]);

        var (telling, next) = Watch.Look(SubscriptionTrigger.DueSoon, 11, last, now, Today);

        telling.ShouldNotBeNull();
        telling.DueSoon.Select(w => w.Id).ShouldBe(["near"], "11 days to 31.1., not green; the others are green, further or past");
        Watch.Look(SubscriptionTrigger.DueSoon, 11, next, now, Today).Telling.ShouldBeNull("told once");

        var moved = new ScopeNow(Rag.Amber, [new WatchedWorkstream("near", Due.AddDays(-3), Rag.Amber)]);
        Watch.Look(SubscriptionTrigger.DueSoon, 11, next, moved, Today).Telling!.DueSoon.Single().DueDate.ShouldBe(Due.AddDays(-3), "a new due date is told again");
        Watch.Look(SubscriptionTrigger.DueSoon, 10, last, now, Today).Telling.ShouldBeNull("11 days is not within 10");
    }

    [Fact]
    public void What_was_told_as_due_is_forgotten_once_its_date_has_passed()
    {
        var (_, next) = Watch.Look(SubscriptionTrigger.DueSoon, 30, WatchState.Of(Scope(Rag.Amber)),
            new ScopeNow(Rag.Amber, [new WatchedWorkstream("a", Due, Rag.Amber)]), Today);
        next.DueSoonTold.ShouldBe([new DueDateTold("a", Due)]);

        var (_, later) = Watch.Look(SubscriptionTrigger.DueSoon, 30, next, new ScopeNow(Rag.Red, []), Due.AddDays(1));
        later.DueSoonTold.ShouldBeEmpty();
    }
}
