using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.Registering;

namespace Transfer.Domain.Readiness;

/// <summary>
/// What a board shows about a workstream that never changes after its registration. Everything that
/// changes over time, its version included, is a tally (<see cref="Tallies"/>).
/// </summary>
public sealed record WorkstreamProfile(
    string Id, string Name, string WorkingGroupId, WorkstreamCategory Category, DateOnly StartDate, DateTimeOffset RegisteredAt)
{
    public static WorkstreamProfile Start(WorkstreamRegistered e, DateTimeOffset recordedAt) =>
        new(e.WorkstreamId, e.Name, e.WorkingGroupId, e.Category, e.StartDate, recordedAt);
}
