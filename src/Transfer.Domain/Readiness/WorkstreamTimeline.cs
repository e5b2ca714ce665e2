using System.Collections.Immutable;
using Transfer.Domain.Common;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.AssessingStatus;
using Transfer.Domain.Workstreams.MakingDecisions;
using Transfer.Domain.Workstreams.ReceivingStaffData;
using Transfer.Domain.Workstreams.Registering;
using Transfer.Domain.Workstreams.Rescheduling;
using Transfer.Domain.Workstreams.Retracting;
using Transfer.Domain.Workstreams.SettingTargets;
using Transfer.Domain.Workstreams.TransferringContracts;
using Transfer.Domain.Workstreams.UnifyingSystems;

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

/// <param name="Posted">A posting (contract transferred, system unified, decision made), or a retraction.</param>
public sealed record ItemChange(
    DateOnly OccurredOn, DateTimeOffset RecordedAt, long Version, ItemKind Kind, string? OrganisationId, string Ref, bool Posted) : IDatedFact
{
    public ItemKey Key => new(Kind, OrganisationId, Ref);
}

public sealed record StaffSubmission(
    DateOnly OccurredOn, DateTimeOffset RecordedAt, long Version, string OrganisationId, int Employees, bool Complete) : IDatedFact;

/// <summary>
/// Everything ever recorded about one workstream that a board can depend on, each fact with its
/// business date and the instant it was recorded, so that the workstream can be evaluated as of any
/// business date and as known at any instant without reading its events again.
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
    ImmutableList<ItemChange> ItemChanges,
    ImmutableList<StaffSubmission> StaffSubmissions)
{
    public static WorkstreamTimeline Start(WorkstreamRegistered e, DateTimeOffset recordedAt) =>
        new(e.WorkstreamId, e.Name, e.WorkingGroupId, e.Category, e.StartDate, e.DueDate, recordedAt, [], [], [], [], []);

    /// <summary>The timeline with one more event of the workstream's stream, recorded at that instant as that version.</summary>
    public WorkstreamTimeline Record(object @event, DateTimeOffset recordedAt, long version) => @event switch
    {
        TargetsSet e => this with { TargetChanges = TargetChanges.Add(new(e.OccurredOn, recordedAt, version, e.Targets)) },
        WorkstreamRescheduled e => this with { DueDateChanges = DueDateChanges.Add(new(e.OccurredOn, recordedAt, version, e.DueDate)) },
        StatusAssessed e => this with { Assessments = Assessments.Add(new(e.OccurredOn, recordedAt, version, e.Dimension, e.Rag, e.Rationale)) },
        ContractTransferred e => Item(new(e.OccurredOn, recordedAt, version, ItemKind.Contract, e.OrganisationId, e.ContractRef, Posted: true)),
        SystemUnified e => Item(new(e.OccurredOn, recordedAt, version, ItemKind.System, e.OrganisationId, e.SystemArea, Posted: true)),
        DecisionMade e => Item(new(e.OccurredOn, recordedAt, version, ItemKind.Decision, e.OrganisationId, e.Reference, Posted: true)),
        ItemRetracted e => Item(new(e.OccurredOn, recordedAt, version, e.Kind, e.OrganisationId, e.Ref, Posted: false)),
        StaffDataReceived e => this with
        {
            StaffSubmissions = StaffSubmissions.Add(new(e.OccurredOn, recordedAt, version, e.OrganisationId, e.Employees, e.Complete)),
        },
        _ => this,
    };

    private WorkstreamTimeline Item(ItemChange change) => this with { ItemChanges = ItemChanges.Add(change) };
}
