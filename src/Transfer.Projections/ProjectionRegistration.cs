using JasperFx.Events.Projections;
using Marten;
using Transfer.Domain.Workstreams;

namespace Transfer.Projections;

public static class ProjectionRegistration
{
    /// <summary>
    /// Every view is inline: it commits in the same transaction as its events, so a write never decides
    /// on a stale view and a board shows a write the moment it is answered. The write model
    /// (<c>Workstream</c>, and each <c>CountedItem</c>) holds what decisions need; the timeline and the
    /// items hold what boards need for any asOf/knownAt; organisations and working groups are reference data.
    /// </summary>
    public static StoreOptions AddTransferProjections(this StoreOptions options)
    {
        options.Projections.Add<OrganisationProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<WorkingGroupProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<WorkstreamProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<WorkstreamTimelineProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<CountedItemProjection>(ProjectionLifecycle.Inline);
        // Boards read a workstream's items by workstream.
        options.Schema.For<CountedItem>().Duplicate(item => item.WorkstreamId);
        return options;
    }
}
