namespace Transfer.Api.Tests.Support.Views;

/// <summary>
/// GET /api/workstreams/{id}: the fields API.md names, and two it does not (asOf, the day the view is for, and the
/// assessments in force behind its colours). API.md's forecasts are not answered yet, so not named here.
/// </summary>
public sealed record WorkstreamView(
    string Id, string Name, string WorkingGroupId, string Category, string StartDate, string DueDate, long Version,
    WorkstreamRag Rag, ValueList<WorkstreamTarget> Targets, ValueList<AssessmentInForce> Assessments, string AsOf);

/// <summary>A workstream's colour overall, by its targets' progress, and by each assessed dimension ("none" where unassessed).</summary>
public sealed record WorkstreamRag(string Overall, string Progress, string Deliverables, string Schedule, string Cost, string Benefits, string Risk);

/// <summary>A target in force; <see cref="OrganisationId"/> null for a county-level one.</summary>
public sealed record WorkstreamTarget(string? OrganisationId, string Kind, int Expected, int Done, string Rag);

/// <summary>An assessment in force, with its rationale and the date it states.</summary>
public sealed record AssessmentInForce(string Dimension, string Rag, string Rationale, string OccurredOn);
