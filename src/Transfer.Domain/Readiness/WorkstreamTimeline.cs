using System.Collections.Immutable;
using Transfer.Domain.Common;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.AssessingStatus;
using Transfer.Domain.Workstreams.ReceivingStaffData;
using Transfer.Domain.Workstreams.Registering;
using Transfer.Domain.Workstreams.Rescheduling;
using Transfer.Domain.Workstreams.SettingTargets;

namespace Transfer.Domain.Readiness;

/// <summary>When a fact happened (business date) and when it was learned (instant, and place in its stream).</summary>
public interface IDatedFact
{
    DateOnly OccurredOn { get; }
    DateTimeOffset RecordedAt { get; }
    long Version { get; }
}

public sealed record TargetChange(DateOnly OccurredOn, DateTimeOffset RecordedAt, long Version, IReadOnlyList<Target> Targets) : IDatedFact;

public sealed record DueDateChange(DateOnly OccurredOn, DateTimeOffset RecordedAt, long Version, DateOnly DueDate) : IDatedFact;

public sealed record Assessment(
    DateOnly OccurredOn, DateTimeOffset RecordedAt, long Version, AssessmentDimension Dimension, Rag Rag, string Rationale) : IDatedFact;

/// <summary>A posting or retraction of one counted item (see <see cref="CountedItem"/>).</summary>
/// <param name="Posted">A posting (contract transferred, system unified, decision made), or a retraction.</param>
public sealed record ItemChange(DateOnly OccurredOn, DateTimeOffset RecordedAt, long Version, bool Posted) : IDatedFact;

public sealed record StaffSubmission(
    DateOnly OccurredOn, DateTimeOffset RecordedAt, long Version, string OrganisationId, int Employees, bool Complete) : IDatedFact;

/// <summary>
/// Everything recorded about one workstream that a board depends on, apart from its counted items
/// (each its own <see cref="CountedItem"/>), each fact with its business date, the instant it was
/// recorded and its stream version, so that the workstream can be evaluated as of any business date
/// and as known at any instant without reading its events again.
/// </summary>
public sealed record WorkstreamTimeline(
    string Id,
    string Name,
    string WorkingGroupId,
    WorkstreamCategory Category,
    DateOnly StartDate,
    DateOnly DueDate,
    DateTimeOffset RegisteredAt,
    ImmutableList<TargetChange> TargetChanges,
    ImmutableList<DueDateChange> DueDateChanges,
    ImmutableList<Assessment> Assessments,
    ImmutableList<StaffSubmission> StaffSubmissions,
    long Version)
{
    public static WorkstreamTimeline Start(WorkstreamRegistered e, DateTimeOffset recordedAt) =>
        new(e.WorkstreamId, e.Name, e.WorkingGroupId, e.Category, e.StartDate, e.DueDate, recordedAt, [], [], [], [], Version: 1);

    /// <summary>The timeline with one more event of the workstream's stream, recorded at that instant as that version.</summary>
    public WorkstreamTimeline Record(object @event, DateTimeOffset recordedAt, long version) => (@event switch
    {
        TargetsSet e => this with { TargetChanges = TargetChanges.Add(new(e.OccurredOn, recordedAt, version, e.Targets)) },
        WorkstreamRescheduled e => this with { DueDateChanges = DueDateChanges.Add(new(e.OccurredOn, recordedAt, version, e.DueDate)) },
        StatusAssessed e => this with { Assessments = Assessments.Add(new(e.OccurredOn, recordedAt, version, e.Dimension, e.Rag, e.Rationale)) },
        StaffDataReceived e => this with
        {
            StaffSubmissions = StaffSubmissions.Add(new(e.OccurredOn, recordedAt, version, e.OrganisationId, e.Employees, e.Complete)),
        },
        _ => this,
    }) with { Version = version };
}
