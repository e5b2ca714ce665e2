using Transfer.Domain.Workstreams.Registering;
using Transfer.Domain.Workstreams.Rescheduling;

namespace Transfer.Domain.Workstreams;

/// <summary>
/// What decisions about a workstream need, and nothing more: its identity and dates. Whether an item is
/// already counted lives with the item (<see cref="CountedItem"/>); the boards are computed elsewhere, for any date.
/// </summary>
public sealed record Workstream(
    string Id,
    string Name,
    string WorkingGroupId,
    WorkstreamCategory Category,
    DateOnly StartDate,
    DateOnly DueDate,
    DateOnly? DueDateSetOn)
{
    /// <summary>The stream version, kept current by the event store.</summary>
    public long Version { get; set; }

    public static Workstream Start(WorkstreamRegistered e) =>
        new(e.WorkstreamId, e.Name, e.WorkingGroupId, e.Category, e.StartDate, e.DueDate, null);

    /// <summary>The state after one more event of this workstream's stream.</summary>
    public Workstream Evolve(object @event) => @event switch
    {
        // The due date in force is the one with the latest business date (ties: the one recorded later).
        WorkstreamRescheduled e when DueDateSetOn is not { } setOn || e.OccurredOn >= setOn =>
            this with { DueDate = e.DueDate, DueDateSetOn = e.OccurredOn },
        _ => this,
    };
}
