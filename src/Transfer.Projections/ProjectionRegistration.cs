using JasperFx.Events.Projections;
using Marten;
using Transfer.Domain.Readiness;
using Transfer.Domain.Workstreams;

namespace Transfer.Projections;

public static class ProjectionRegistration
{
    /// <summary>
    /// Every view is inline: it commits in the same transaction as its events, so a write never decides
    /// on a stale view and a board shows a write the moment it is answered. The write model
    /// (<c>Workstream</c>, and each <c>CountedItem</c>) holds what decisions need; the profiles and the
    /// tallies hold what boards need for any asOf/knownAt; organisations and working groups are reference data.
    /// </summary>
    public static StoreOptions AddTransferProjections(this StoreOptions options)
    {
        options.Projections.Add<OrganisationProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<WorkingGroupProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<WorkstreamProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<WorkstreamProfileProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add(new ReadinessProjection(), ProjectionLifecycle.Inline, asyncConfiguration: rebuild =>
        {
            rebuild.DeleteViewTypeOnTeardown<WorkstreamRegisters>();
            rebuild.DeleteViewTypeOnTeardown<CountedItem>();
            rebuild.DeleteViewTypeOnTeardown<TallyBlock>();
        });

        options.Schema.For<CountedItem>().Duplicate(item => item.WorkstreamId);
        // A board reads, per tally, the block open at its knownAt: the open ones, or the last one opened by then.
        options.Schema.For<TallyBlock>()
            .Duplicate(block => block.WorkstreamId)
            .Duplicate(block => block.IsOpen)
            .Duplicate(block => block.Series, configure: index => index.Predicate = "is_open")
            .Duplicate(block => block.OpenedAt)
            .Duplicate(block => block.Number);
        // The probe for a past knownAt: the series' last block opened by then.
        options.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType == typeof(TallyBlock))
                mapping.Indexes.Add(new Marten.Schema.DocumentIndex(mapping, "series", "opened_at", "number"));
        });
        return options;
    }
}
