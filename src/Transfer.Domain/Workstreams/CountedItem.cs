using System.Security.Cryptography;
using System.Text;
using Transfer.Domain.Workstreams.MakingDecisions;
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

/// <summary>What a posting or a retraction says about its item.</summary>
public sealed record ItemEvent(string WorkstreamId, ItemKey Key, DateOnly OccurredOn, bool Posted)
{
    /// <summary>The item event an event is, or null for any other event.</summary>
    public static ItemEvent? Of(object @event) => @event switch
    {
        ContractTransferred e => new(e.WorkstreamId, new(ItemKind.Contract, e.OrganisationId, e.ContractRef), e.OccurredOn, Posted: true),
        SystemUnified e => new(e.WorkstreamId, new(ItemKind.System, e.OrganisationId, e.SystemArea), e.OccurredOn, Posted: true),
        DecisionMade e => new(e.WorkstreamId, new(ItemKind.Decision, e.OrganisationId, e.Reference), e.OccurredOn, Posted: true),
        ItemRetracted e => new(e.WorkstreamId, new(e.Kind, e.OrganisationId, e.Ref), e.OccurredOn, Posted: false),
        _ => null,
    };

    /// <summary>Hashed once per item event, however often it is asked for.</summary>
    public string ItemId => itemId ??= CountedItem.IdOf(WorkstreamId, Key);

    private string? itemId;
}

/// <summary>A posting or retraction of one counted item, with when it happened, when it was recorded and its stream version.</summary>
/// <param name="Posted">A posting (contract transferred, system unified, decision made), or a retraction.</param>
public readonly record struct ItemChange(DateOnly OccurredOn, DateTimeOffset RecordedAt, long Version, bool Posted);

/// <summary>
/// One item of one workstream with every posting and retraction of it. Its own small record, so that
/// deciding about an item reads only that item however many a workstream counts, and the boards can
/// tell whether it counted as of any date and as known at any instant.
/// </summary>
public sealed record CountedItem(string Id, string WorkstreamId, ItemKey Key, IReadOnlyList<ItemChange> Changes)
{
    /// <summary>Whether its most recently recorded event is a posting: what decides whether it may be posted or retracted now.</summary>
    public bool IsPosted => Changes.Count > 0 && Changes[^1].Posted;

    /// <summary>A stable id from the workstream and the item; references are free text, so it is hashed.</summary>
    public static string IdOf(string workstreamId, ItemKey key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{key.Kind}\n{key.OrganisationId}\n{key.Ref}"), hash);
        return workstreamId + ":" + Convert.ToHexStringLower(hash[..16]);
    }

    /// <summary>The item after one more posting or retraction of it (the first starts it), recorded at that instant as that stream version.</summary>
    public static CountedItem Record(CountedItem? item, ItemEvent change, DateTimeOffset recordedAt, long version) =>
        (item ?? new CountedItem(change.ItemId, change.WorkstreamId, change.Key, []))
        with { Changes = [.. item?.Changes ?? [], new ItemChange(change.OccurredOn, recordedAt, version, change.Posted)] };
}
