using Transfer.Domain.Common;

namespace Transfer.Domain.Workstreams.UnifyingSystems;

/// <summary>One system area of one organisation was moved onto, or integrated with, the county's target system.</summary>
public sealed record SystemUnified(
    string WorkstreamId, string OrganisationId, string SystemArea, string? FromSystem, string? ToSystem,
    DateOnly OccurredOn);

public sealed record UnifySystem(string OrganisationId, string SystemArea, string? FromSystem, string? ToSystem, DateOnly OccurredOn) : IWorkstreamCommand
{
    /// <summary>The item this command posts: load it, and pass it to <see cref="Decide"/>.</summary>
    public ItemKey Item => new(ItemKind.System, OrganisationId, SystemArea);

    public Verdict Decide(Workstream workstream, CountedItem? recorded, DateOnly today) =>
        CountedItems.Post(workstream, Item, recorded, OccurredOn, today,
            () => new SystemUnified(workstream.Id, OrganisationId, SystemArea, FromSystem, ToSystem, OccurredOn));

    public IEnumerable<OrganisationReference> Organisations => [new("organisationId", OrganisationId)];

    ItemKey? IWorkstreamCommand.Item => Item;
}
