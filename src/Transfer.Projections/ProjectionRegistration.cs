using JasperFx.Events.Projections;
using Marten;

namespace Transfer.Projections;

public static class ProjectionRegistration
{
    /// <summary>
    /// The write-side views every command needs to decide, kept inline: they commit in the same
    /// transaction as the events, so a write never decides on a stale view and a client reads its own
    /// write at once.
    /// </summary>
    public static StoreOptions AddTransferProjections(this StoreOptions options)
    {
        options.Projections.Add<OrganisationProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<WorkingGroupProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<WorkstreamProjection>(ProjectionLifecycle.Inline);
        return options;
    }
}
