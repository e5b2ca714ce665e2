using JasperFx.Events;
using Marten.Events.Projections;
using Transfer.Domain.Organisations;
using Transfer.Domain.WorkingGroups;

namespace Transfer.Projections;

// Reference data documents are keyed by the PMO's own id, not by the stream key (which carries a kind
// prefix), so they are projected across streams by the id each registration event names.

public sealed class OrganisationProjection : MultiStreamProjection<Organisation, string>
{
    public OrganisationProjection()
    {
        Identity<OrganisationRegistered>(e => e.OrganisationId);
        // Evolve alone would subscribe to every event: a rebuild then reads only the registrations.
        IncludeType<OrganisationRegistered>();
    }

    public override Organisation? Evolve(Organisation? snapshot, string id, IEvent e) =>
        e.Data is OrganisationRegistered registered ? Organisation.From(registered, RecordedInstant.Of(e)) : snapshot;
}

public sealed class WorkingGroupProjection : MultiStreamProjection<WorkingGroup, string>
{
    public WorkingGroupProjection()
    {
        Identity<WorkingGroupRegistered>(e => e.WorkingGroupId);
        IncludeType<WorkingGroupRegistered>();
    }

    public override WorkingGroup? Evolve(WorkingGroup? snapshot, string id, IEvent e) =>
        e.Data is WorkingGroupRegistered registered ? WorkingGroup.From(registered, RecordedInstant.Of(e)) : snapshot;
}
