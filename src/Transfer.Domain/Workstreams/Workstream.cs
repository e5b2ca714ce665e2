using System.Collections.Immutable;
using Transfer.Domain.Workstreams.MakingDecisions;
using Transfer.Domain.Workstreams.Registering;
using Transfer.Domain.Workstreams.Rescheduling;
using Transfer.Domain.Workstreams.Retracting;
using Transfer.Domain.Workstreams.TransferringContracts;
using Transfer.Domain.Workstreams.UnifyingSystems;

namespace Transfer.Domain.Workstreams;

/// <summary>One counted item: a contractRef, systemArea or decision reference, per organisation or county level.</summary>
public sealed record ItemKey(ItemKind Kind, string? OrganisationId, string Ref)
{
    public override string ToString() =>
        $"{Kind.ToString().ToLowerInvariant()} '{Ref}' of {(OrganisationId is null ? "the county level" : $"organisation '{OrganisationId}'")}";
}

/// <summary>
/// What decisions about a workstream need, and nothing more: its identity and dates, and which items
/// are currently posted, i.e. whose most recently recorded event is a posting rather than a retraction.
/// The boards are computed elsewhere, from the events, for any date.
/// </summary>
public sealed record Workstream(
    string Id,
    string Name,
    string WorkingGroupId,
    WorkstreamCategory Category,
    DateOnly StartDate,
    DateOnly DueDate,
    DateOnly? DueDateSetOn,
    ImmutableHashSet<ItemKey> PostedItems)
{
    /// <summary>The stream version, kept current by the event store.</summary>
    public long Version { get; set; }

    public bool IsPosted(ItemKey item) => PostedItems.Contains(item);

    public static Workstream Start(WorkstreamRegistered e) =>
        new(e.WorkstreamId, e.Name, e.WorkingGroupId, e.Category, e.StartDate, e.DueDate, null, []);

    /// <summary>The state after one more event of this workstream's stream.</summary>
    public Workstream Evolve(object @event) => @event switch
    {
        // The due date in force is the one with the latest business date (ties: the one recorded later).
        WorkstreamRescheduled e when DueDateSetOn is not { } setOn || e.OccurredOn >= setOn =>
            this with { DueDate = e.DueDate, DueDateSetOn = e.OccurredOn },
        ContractTransferred e => Post(new(ItemKind.Contract, e.OrganisationId, e.ContractRef)),
        SystemUnified e => Post(new(ItemKind.System, e.OrganisationId, e.SystemArea)),
        DecisionMade e => Post(new(ItemKind.Decision, e.OrganisationId, e.Reference)),
        ItemRetracted e => this with { PostedItems = PostedItems.Remove(new(e.Kind, e.OrganisationId, e.Ref)) },
        _ => this,
    };

    private Workstream Post(ItemKey item) => this with { PostedItems = PostedItems.Add(item) };
}
