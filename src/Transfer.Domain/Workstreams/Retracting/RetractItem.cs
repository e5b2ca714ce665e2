using Transfer.Domain.Common;

namespace Transfer.Domain.Workstreams.Retracting;

/// <summary>Withdraws a contract, system or decision posted in error; from OccurredOn on it no longer counts.</summary>
public sealed record ItemRetracted(
    string WorkstreamId, ItemKind Kind, string? OrganisationId, string Ref, string Reason, DateOnly OccurredOn);

public sealed record RetractItem(ItemKind Kind, string? OrganisationId, string Ref, string Reason, DateOnly OccurredOn)
{
    public Decision Decide(Workstream workstream, DateOnly today)
    {
        if (!BusinessDate.IsAcceptable(OccurredOn, today))
            return Rejection.Invalid("occurredOn", BusinessDate.TooFarAhead);
        var item = new ItemKey(Kind, OrganisationId, Ref);
        if (!workstream.IsPosted(item))
            return Rejection.Conflict($"The {item} is not counted in workstream '{workstream.Id}': there is nothing to retract.");
        return Decision.Record(new ItemRetracted(workstream.Id, Kind, OrganisationId, Ref, Reason, OccurredOn));
    }
}
