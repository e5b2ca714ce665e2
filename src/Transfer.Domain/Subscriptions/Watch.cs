using System.Text.Json.Serialization;
using Transfer.Domain.Common;

namespace Transfer.Domain.Subscriptions;

/// <summary>What a subscription follows: one workstream, a working group with everything under it, or an organisation's board.</summary>
public enum SubscriptionScope
{
    Workstream,
    [JsonStringEnumMemberName("working-group")] WorkingGroup,
    Organisation,
}

/// <summary>When a subscription tells: when its scope turns red, whenever its colour changes, or when a due date is near and not green.</summary>
public enum SubscriptionTrigger
{
    [JsonStringEnumMemberName("turns-red")] TurnsRed,
    [JsonStringEnumMemberName("colour-changes")] ColourChanges,
    [JsonStringEnumMemberName("due-soon")] DueSoon,
}

/// <summary>A workstream of the scope with its due date in force and its colour there.</summary>
public sealed record WatchedWorkstream(string Id, DateOnly DueDate, Rag Rag);

/// <summary>The scope as the boards show it today: its colour, and each of its workstreams'.</summary>
public sealed record ScopeNow(Rag Rag, IReadOnlyList<WatchedWorkstream> Workstreams);

/// <summary>What a subscription last saw, so that every change is told once and only once.</summary>
/// <param name="Workstreams">Each workstream's colour in the scope then.</param>
/// <param name="DueSoonTold">The workstreams already told as due soon, each with the due date it was told for.</param>
public sealed record WatchState(Rag Rag, IReadOnlyDictionary<string, Rag> Workstreams, IReadOnlyList<DueDateTold> DueSoonTold)
{
    public static WatchState Of(ScopeNow now) =>
        new(now.Rag, now.Workstreams.ToDictionary(workstream => workstream.Id, workstream => workstream.Rag), []);

    /// <summary>Whether the two saw the same: nothing new to keep.</summary>
    public bool SameAs(WatchState other) =>
        Rag == other.Rag
        && Workstreams.Count == other.Workstreams.Count
        && Workstreams.All(pair => other.Workstreams.TryGetValue(pair.Key, out var rag) && rag == pair.Value)
        && DueSoonTold.ToHashSet().SetEquals(other.DueSoonTold);
}

/// <summary>A workstream told as due soon, and the due date it was told for.</summary>
public sealed record DueDateTold(string Id, DateOnly DueDate);

/// <summary>A workstream whose colour in the scope changed since the subscription last looked.</summary>
public sealed record WorkstreamTurn(string Id, Rag Was, Rag Now);

/// <summary>What to tell, if anything: the scope's colour before and now, the workstreams behind it, and the due dates near.</summary>
public sealed record Telling(Rag From, Rag To, IReadOnlyList<WorkstreamTurn> Turned, IReadOnlyList<WatchedWorkstream> DueSoon);

/// <summary>
/// The subscriptions' rule, as a pure function of what a subscription last saw and what the boards show today:
/// edge-triggered, so that looking again without a change tells nothing, and each change is told once.
/// </summary>
public static class Watch
{
    /// <returns>What to tell (null for nothing) and the state to keep either way.</returns>
    public static (Telling? Telling, WatchState Next) Look(
        SubscriptionTrigger trigger, int? dueWithinDays, WatchState last, ScopeNow now, DateOnly today)
    {
        var turned = now.Workstreams
            .Select(workstream => new WorkstreamTurn(workstream.Id, last.Workstreams.GetValueOrDefault(workstream.Id, Rag.None), workstream.Rag))
            .Where(turn => turn.Was != turn.Now)
            .ToList();
        var next = WatchState.Of(now) with { DueSoonTold = last.DueSoonTold };

        switch (trigger)
        {
            case SubscriptionTrigger.TurnsRed when now.Rag == Rag.Red && last.Rag != Rag.Red:
                return (new Telling(last.Rag, now.Rag, turned.Where(turn => turn.Now == Rag.Red).ToList(), []), next);
            case SubscriptionTrigger.ColourChanges when now.Rag != last.Rag:
                return (new Telling(last.Rag, now.Rag, turned, []), next);
            case SubscriptionTrigger.DueSoon:
                var near = now.Workstreams
                    .Where(workstream => workstream.Rag != Rag.Green && workstream.DueDate >= today
                                         && workstream.DueDate.DayNumber - today.DayNumber <= (dueWithinDays ?? 0))
                    .ToList();
                var untold = near.Where(workstream => !last.DueSoonTold.Contains(Told(workstream))).ToList();
                // What was told stays told while its due date is ahead; a moved due date is a new one to tell.
                next = next with { DueSoonTold = [.. last.DueSoonTold.Where(told => told.DueDate >= today), .. untold.Select(Told)] };
                return (untold.Count == 0 ? null : new Telling(last.Rag, now.Rag, [], untold), next);
            default:
                return (null, next);
        }
    }

    private static DueDateTold Told(WatchedWorkstream workstream) => new(workstream.Id, workstream.DueDate);
}
