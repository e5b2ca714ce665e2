using Transfer.Domain.Workstreams.Registering;

namespace Transfer.Domain.Workstreams;

/// <summary>
/// What decisions about a workstream need, and nothing more: that it exists, and its start date.
/// Whether an item is already counted lives with the item (<see cref="CountedItem"/>); the due date in
/// force and everything else the boards show come from the timeline, for any date.
/// </summary>
public sealed record Workstream(string Id, DateOnly StartDate)
{
    /// <summary>The stream version: the projection makes a new value for each event.</summary>
    public long Version { get; init; }

    public static Workstream Start(WorkstreamRegistered e) => new(e.WorkstreamId, e.StartDate);
}
