using Transfer.Domain.Common;
using Transfer.Domain.Organisations;
using Transfer.Domain.WorkingGroups;
using Transfer.Domain.Workstreams;

namespace Transfer.Domain.Readiness;

/// <summary>
/// A workstream on its working group's board: all six parts of its RAG (<c>Rag</c> is the overall colour), the due
/// date in force, and its progress in numbers over every target in force.
/// </summary>
/// <param name="Expected">The sum of its targets' expected counts.</param>
/// <param name="Done">The sum of its targets' done counts, each counted up to its target's expected, so Done ≤ Expected.</param>
public sealed record GroupWorkstream(
    string Id, string Name, Rag Rag, Rag Progress, Rag Deliverables, Rag Schedule, Rag Cost, Rag Benefits, Rag Risk,
    DateOnly DueDate, int Expected, int Done)
{
    public static GroupWorkstream Of(WorkstreamStatus status) => new(
        status.Workstream.Id, status.Workstream.Name, status.Rag.Overall, status.Rag.Progress, status.Rag.Deliverables,
        status.Rag.Schedule, status.Rag.Cost, status.Rag.Benefits, status.Rag.Risk, status.DueDate,
        status.Targets.Sum(target => target.Expected), status.Targets.Sum(target => Math.Min(target.Done, target.Expected)));
}
