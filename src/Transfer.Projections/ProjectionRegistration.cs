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
        // The write model stays a Marten aggregate: the write path fetches it for writing, with Marten's optimistic check.
        options.Projections.Add<WorkstreamProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add(new ReadinessProjection(), ProjectionLifecycle.Inline, asyncConfiguration: rebuild =>
        {
            // A rebuild reads thousands of small events a page: fewer, larger pages load and write each document fewer times.
            rebuild.BatchSize = 5000;
            rebuild.DeleteViewTypeOnTeardown<WorkstreamProfile>();
            rebuild.DeleteViewTypeOnTeardown<TallyRegister>();
            rebuild.DeleteViewTypeOnTeardown<CountedItem>();
            rebuild.DeleteViewTypeOnTeardown<TallyBlock>();
        });

        options.Schema.For<WorkstreamProfile>();
        options.Schema.For<TallyRegister>().Duplicate(register => register.WorkstreamId);
        // Numeric revisions, as when an aggregation projection kept the items: a first-wave database upgrades in place.
        options.Schema.For<CountedItem>().UseNumericRevisions(true).Duplicate(item => item.WorkstreamId);
        // A board asks PostgreSQL for each tally's value at its horizon (see TallyValues), so the blocks'
        // numbers are columns as well as JSON. Indexes: the open blocks (of a workstream) and the probe for
        // the last block opened by a past knownAt, for boards; all of a workstream's blocks, for the audit replay.
        options.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType != typeof(TallyBlock)) return;
            mapping.DuplicateField(nameof(TallyBlock.WorkstreamId));
            mapping.DuplicateField(nameof(TallyBlock.Tally));
            mapping.DuplicateField(nameof(TallyBlock.Series));
            mapping.DuplicateField(nameof(TallyBlock.IsOpen));
            mapping.DuplicateField(nameof(TallyBlock.Number));
            mapping.DuplicateField(nameof(TallyBlock.OpenedAt));
            mapping.DuplicateField(nameof(TallyBlock.BeforeDays), "integer[]");
            mapping.DuplicateField(nameof(TallyBlock.BeforeSums), "bigint[]");
            mapping.DuplicateField(nameof(TallyBlock.StepDays), "integer[]");
            mapping.DuplicateField(nameof(TallyBlock.StepKnown), "timestamp with time zone[]");
            mapping.DuplicateField(nameof(TallyBlock.StepDeltas), "bigint[]");
            mapping.Indexes.Add(new Marten.Schema.DocumentIndex(mapping, "workstream_id") { Predicate = "is_open", Name = "mt_doc_tallyblock_idx_open_of_workstream" });
            mapping.Indexes.Add(new Marten.Schema.DocumentIndex(mapping, "workstream_id"));
            mapping.Indexes.Add(new Marten.Schema.DocumentIndex(mapping, "series", "opened_at", "number"));
        });
        return options;
    }
}
