using Transfer.Domain.Common;

namespace Transfer.Domain.Workstreams.TransferringContracts;

/// <summary>A contract of a transferring organisation was moved to the county's contract register.</summary>
public sealed record ContractTransferred(
    string WorkstreamId, string OrganisationId, string ContractRef, string? Counterparty, DateOnly OccurredOn);

public sealed record TransferContract(string OrganisationId, string ContractRef, string? Counterparty, DateOnly OccurredOn)
{
    public Decision Decide(Workstream workstream, DateOnly today) =>
        CountedItems.Post(workstream, new(ItemKind.Contract, OrganisationId, ContractRef), OccurredOn, today,
            () => new ContractTransferred(workstream.Id, OrganisationId, ContractRef, Counterparty, OccurredOn));
}
