using Transfer.Domain.Common;

namespace Transfer.Domain.Workstreams.TransferringContracts;

/// <summary>A contract of a transferring organisation was moved to the county's contract register.</summary>
public sealed record ContractTransferred(
    string WorkstreamId, string OrganisationId, string ContractRef, string? Counterparty, DateOnly OccurredOn);

public sealed record TransferContract(string OrganisationId, string ContractRef, string? Counterparty, DateOnly OccurredOn) : IWorkstreamCommand
{
    /// <summary>The item this command posts: load it, and pass it to <see cref="Decide"/>.</summary>
    public ItemKey Item => new(ItemKind.Contract, OrganisationId, ContractRef);

    public Verdict Decide(Workstream workstream, CountedItem? recorded, DateOnly today) =>
        CountedItems.Post(workstream, Item, recorded, OccurredOn, today,
            () => new ContractTransferred(workstream.Id, OrganisationId, ContractRef, Counterparty, OccurredOn));

    public IEnumerable<OrganisationReference> Organisations => [new("organisationId", OrganisationId)];

    ItemKey? IWorkstreamCommand.Item => Item;
}
