using Transfer.Domain.Common;

namespace Transfer.Domain.Workstreams.ReceivingStaffData;

/// <summary>
/// An organisation's staff data submission for the business transfer. A later submission replaces an
/// earlier one, which is how a supplementary data request is answered or a mistake corrected.
/// </summary>
public sealed record StaffDataReceived(
    string WorkstreamId, string OrganisationId, int Employees, bool Complete, DateOnly OccurredOn);

public sealed record ReceiveStaffData(string OrganisationId, int Employees, bool Complete, DateOnly OccurredOn) : IWorkstreamCommand
{
    public Verdict Decide(Workstream workstream, DateOnly today)
    {
        if (!BusinessDate.IsAcceptable(OccurredOn, today))
            return Rejection.Invalid("occurredOn", BusinessDate.TooFarAhead);
        if (Employees < 0)
            return Rejection.Invalid("employees", "may not be negative");
        return Verdict.Record(new StaffDataReceived(workstream.Id, OrganisationId, Employees, Complete, OccurredOn));
    }

    public IEnumerable<OrganisationReference> Organisations => [new("organisationId", OrganisationId)];

    ItemKey? IWorkstreamCommand.Item => null;

    Verdict IWorkstreamCommand.Decide(Workstream workstream, CountedItem? recorded, DateOnly today) => Decide(workstream, today);
}
