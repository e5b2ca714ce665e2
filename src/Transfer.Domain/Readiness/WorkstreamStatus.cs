using Transfer.Domain.Common;
using Transfer.Domain.Workstreams;

namespace Transfer.Domain.Readiness;

/// <summary>Which facts an evaluation may see: those of business date ≤ AsOf, recorded at or before KnownAt (when given).</summary>
public sealed record Horizon(DateOnly AsOf, DateTimeOffset? KnownAt = null)
{
    public bool Knows(DateTimeOffset recordedAt) => KnownAt is not { } knownAt || recordedAt <= knownAt;

    public bool Sees(IDatedFact fact) => fact.OccurredOn <= AsOf && Knows(fact.RecordedAt);

    /// <summary>The facts in force, in the order the rules read them: by business date, then as recorded.</summary>
    public IEnumerable<T> InForce<T>(IEnumerable<T> facts) where T : IDatedFact =>
        facts.Where(fact => Sees(fact)).OrderBy(fact => fact.OccurredOn).ThenBy(fact => fact.Version);
}

public sealed record WorkstreamRag(Rag Overall, Rag Progress, Rag Deliverables, Rag Schedule, Rag Cost, Rag Benefits, Rag Risk);

/// <param name="OrganisationId">None for a county-level target.</param>
public sealed record TargetStatus(string? OrganisationId, TargetKind Kind, int Expected, int Done, Rag Rag);

public sealed record AssessmentInForce(AssessmentDimension Dimension, Rag Rag, string Rationale, DateOnly OccurredOn);

/// <summary>One workstream as of a horizon, by the PMO's rules.</summary>
public sealed record WorkstreamStatus(
    WorkstreamTimeline Workstream,
    DateOnly DueDate,
    long Version,
    WorkstreamRag Rag,
    IReadOnlyList<TargetStatus> Targets,
    IReadOnlyList<AssessmentInForce> Assessments)
{
    /// <param name="items">The workstream's counted items.</param>
    /// <returns>Null when the workstream was not yet registered at the horizon's KnownAt.</returns>
    public static WorkstreamStatus? Evaluate(WorkstreamTimeline timeline, IEnumerable<CountedItem> items, Horizon horizon)
    {
        if (!horizon.Knows(timeline.RegisteredAt)) return null;

        var dueDate = horizon.InForce(timeline.DueDateChanges).LastOrDefault()?.DueDate ?? timeline.DueDate;

        // Each target change sets the (organisation, kind) targets it names; others stay as they were.
        var expected = new Dictionary<(string?, TargetKind), int>();
        foreach (var change in horizon.InForce(timeline.TargetChanges))
            foreach (var target in change.Targets)
                expected[(target.OrganisationId, target.Kind)] = target.Expected;

        // An item counts when its latest posting or retraction in force is a posting.
        var itemList = items as IReadOnlyCollection<CountedItem> ?? items.ToList();
        var counted = itemList
            .Where(item => horizon.InForce(item.Changes).LastOrDefault() is { Posted: true })
            .CountBy(item => (item.Key.OrganisationId, item.Key.Kind))
            .ToDictionary();
        // Staff data is done when an organisation's latest submission in force is complete.
        var staffComplete = horizon.InForce(timeline.StaffSubmissions)
            .GroupBy(submission => submission.OrganisationId)
            .Where(submissions => submissions.Last().Complete)
            .Select(submissions => submissions.Key)
            .ToHashSet();

        int Done(string? organisationId, TargetKind kind) => kind switch
        {
            TargetKind.StaffData => organisationId is not null && staffComplete.Contains(organisationId) ? 1 : 0,
            TargetKind.Contract => counted.GetValueOrDefault((organisationId, ItemKind.Contract)),
            TargetKind.System => counted.GetValueOrDefault((organisationId, ItemKind.System)),
            TargetKind.Decision => counted.GetValueOrDefault((organisationId, ItemKind.Decision)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var targets = expected
            .Select(target =>
            {
                var ((organisationId, kind), count) = target;
                var done = Done(organisationId, kind);
                return new TargetStatus(organisationId, kind, count, done,
                    RagRules.TargetProgress(count, done, horizon.AsOf, timeline.StartDate, dueDate));
            })
            .OrderBy(target => target.OrganisationId is null ? 0 : 1).ThenBy(target => target.OrganisationId, StringComparer.Ordinal)
            .ThenBy(target => target.Kind)
            .ToList();

        var assessments = horizon.InForce(timeline.Assessments)
            .GroupBy(assessment => assessment.Dimension)
            .Select(dimension => dimension.Last())
            .OrderBy(assessment => assessment.Dimension)
            .Select(assessment => new AssessmentInForce(assessment.Dimension, assessment.Rag, assessment.Rationale, assessment.OccurredOn))
            .ToList();
        Rag Assessed(AssessmentDimension dimension) => assessments.FirstOrDefault(a => a.Dimension == dimension)?.Rag ?? Common.Rag.None;

        var progress = RagRules.Worst(targets.Select(target => target.Rag));
        var dimensions = new[] { AssessmentDimension.Deliverables, AssessmentDimension.Schedule, AssessmentDimension.Cost, AssessmentDimension.Benefits, AssessmentDimension.Risk };
        // An assessment can make a workstream look worse than its numbers, never better.
        var overall = RagRules.Worst(dimensions.Select(Assessed).Append(progress).Append(Assessed(AssessmentDimension.Overall)));

        var rag = new WorkstreamRag(overall, progress, Assessed(AssessmentDimension.Deliverables), Assessed(AssessmentDimension.Schedule),
            Assessed(AssessmentDimension.Cost), Assessed(AssessmentDimension.Benefits), Assessed(AssessmentDimension.Risk));
        return new WorkstreamStatus(timeline, dueDate, KnownVersion(timeline, itemList, horizon), rag, targets, assessments);
    }

    /// <summary>The stream version as far as the horizon's KnownAt knows it (registration is version 1).</summary>
    private static long KnownVersion(WorkstreamTimeline timeline, IEnumerable<CountedItem> items, Horizon horizon) =>
        horizon.KnownAt is null
            ? timeline.Version
            : new IEnumerable<IDatedFact>[] { timeline.TargetChanges, timeline.DueDateChanges, timeline.Assessments, timeline.StaffSubmissions }
                .Concat(items.Select(item => item.Changes))
                .SelectMany(facts => facts)
                .Where(fact => horizon.Knows(fact.RecordedAt))
                .Select(fact => fact.Version)
                .DefaultIfEmpty(1)
                .Max();
}
