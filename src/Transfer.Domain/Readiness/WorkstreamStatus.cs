using Transfer.Domain.Common;
using Transfer.Domain.Workstreams;

namespace Transfer.Domain.Readiness;

public sealed record WorkstreamRag(Rag Overall, Rag Progress, Rag Deliverables, Rag Schedule, Rag Cost, Rag Benefits, Rag Risk);

/// <param name="OrganisationId">None for a county-level target.</param>
public sealed record TargetStatus(string? OrganisationId, TargetKind Kind, int Expected, int Done, Rag Rag);

/// <summary>The assessment in force for a dimension; <see cref="Version"/> finds its rationale in the stream.</summary>
public sealed record AssessmentRef(AssessmentDimension Dimension, Rag Rag, long Version);

/// <summary>One workstream as of a horizon, by the PMO's rules.</summary>
public sealed record WorkstreamStatus(
    WorkstreamProfile Workstream,
    DateOnly DueDate,
    WorkstreamRag Rag,
    IReadOnlyList<TargetStatus> Targets,
    IReadOnlyList<AssessmentRef> Assessments)
{
    private static readonly AssessmentDimension[] Dimensions = Enum.GetValues<AssessmentDimension>();

    /// <param name="tallies">Every tally of the workstream with its value at the horizon (<see cref="TallyBlock.ValueAt"/>), by name.</param>
    /// <returns>Null when the workstream was not yet registered at the horizon's KnownAt.</returns>
    public static WorkstreamStatus? Evaluate(WorkstreamProfile workstream, IReadOnlyDictionary<string, long> tallies, Horizon horizon)
    {
        if (!horizon.Knows(workstream.RegisteredAt)) return null;
        long Tally(string name) => tallies.GetValueOrDefault(name);

        var dueDate = DateOnly.FromDayNumber((int)Tally(Tallies.DueDate));

        // A target is in force while its expected count is; its done count follows its items (or staff data).
        var targets = tallies.Keys
            .Select(name => (target: Tallies.TargetOf(name), expected: Tally(name)))
            .Where(row => row.target is not null && row.expected > 0)
            .Select(row =>
            {
                var (organisationId, kind) = row.target!.Value;
                var expected = (int)row.expected;
                // A county-level staff data target counts submissions with no organisation, and there are none.
                var done = kind == TargetKind.StaffData && organisationId is null ? 0 : (int)Tally(Tallies.Done(organisationId, kind));
                return new TargetStatus(organisationId, kind, expected, done,
                    RagRules.TargetProgress(expected, done, horizon.AsOf, workstream.StartDate, dueDate));
            })
            .OrderBy(target => target.OrganisationId is null ? 0 : 1).ThenBy(target => target.OrganisationId, StringComparer.Ordinal)
            .ThenBy(target => target.Kind)
            .ToList();

        var assessments = Dimensions
            .Select(dimension => (dimension, code: Tally(Tallies.Assessed(dimension))))
            .Where(row => row.code != 0)
            .Select(row => new AssessmentRef(row.dimension, AssessmentCode.RagOf(row.code), AssessmentCode.VersionOf(row.code)))
            .ToList();
        Rag Assessed(AssessmentDimension dimension) => assessments.FirstOrDefault(a => a.Dimension == dimension)?.Rag ?? Common.Rag.None;

        var progress = RagRules.Worst(targets.Select(target => target.Rag));
        var dimensions = new[] { AssessmentDimension.Deliverables, AssessmentDimension.Schedule, AssessmentDimension.Cost, AssessmentDimension.Benefits, AssessmentDimension.Risk };
        // An assessment can make a workstream look worse than its numbers, never better.
        var overall = RagRules.Worst(dimensions.Select(Assessed).Append(progress).Append(Assessed(AssessmentDimension.Overall)));

        var rag = new WorkstreamRag(overall, progress, Assessed(AssessmentDimension.Deliverables), Assessed(AssessmentDimension.Schedule),
            Assessed(AssessmentDimension.Cost), Assessed(AssessmentDimension.Benefits), Assessed(AssessmentDimension.Risk));
        return new WorkstreamStatus(workstream, dueDate, rag, targets, assessments);
    }
}
