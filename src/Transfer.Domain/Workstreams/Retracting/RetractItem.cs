using Transfer.Domain.Common;

namespace Transfer.Domain.Workstreams.Retracting;

/// <summary>Withdraws a contract, system or decision posted in error; from OccurredOn on it no longer counts.</summary>
public sealed record ItemRetracted(
    string WorkstreamId, ItemKind Kind, string? OrganisationId, string Ref, string Reason, DateOnly OccurredOn);

public sealed record RetractItem(ItemKind Kind, string? OrganisationId, string Ref, string Reason, DateOnly OccurredOn) : IWorkstreamCommand
{
    /// <summary>The item this command withdraws: load it, and pass it to <see cref="Decide"/>.</summary>
    public ItemKey Item => new(Kind, OrganisationId, Ref);

    /// <param name="recorded">The item as recorded so far, or null if it was never posted.</param>
    public Verdict Decide(Workstream workstream, CountedItem? recorded, DateOnly today)
    {
        if (!BusinessDate.IsAcceptable(OccurredOn, today))
            return Rejection.Invalid("occurredOn", BusinessDate.TooFarAhead);
        if (recorded is not { IsPosted: true })
            return Rejection.Conflict($"The {Item} is not counted in workstream '{workstream.Id}': there is nothing to retract.");
        return Verdict.Record(new ItemRetracted(workstream.Id, Kind, OrganisationId, Ref, Reason, OccurredOn));
    }

    public IEnumerable<OrganisationReference> Organisations => OrganisationId is null ? [] : [new("organisationId", OrganisationId)];

    ItemKey? IWorkstreamCommand.Item => Item;
}
