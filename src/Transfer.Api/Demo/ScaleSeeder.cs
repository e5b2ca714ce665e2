using System.Diagnostics;
using JasperFx.Events;
using Marten;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.Registering;
using Transfer.Projections;

namespace Transfer.Api.Demo;

public sealed record ScaleReport(int Factor, int Organisations, int WorkingGroups, int Workstreams, long Events, TimeSpan Elapsed)
{
    public double EventsPerSecond => Events / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// Loads Pirkanmaa with N times its history, to measure how the API behaves as a county's history grows.
/// The structure stays Pirkanmaa's (25 organisations, the working-group tree, 68 workstreams), because what
/// a chair sees on a board does not grow with the history; each of the N copies of the demo history
/// (<see cref="HistoryCopy"/>) posts its own items, submissions, assessments, target changes and reschedules.
/// Every event goes through the domain's decisions, as in <see cref="DemoSeeder"/>. The events and their
/// views go in through Marten's bulk path (PostgreSQL COPY), the views made by the same code the inline
/// projections run (<see cref="ReadinessState"/>, the workstream's write model): a quarter of a million
/// events in seconds, and a store that verifies equal to a replay.
/// </summary>
public sealed class ScaleSeeder(IDocumentStore store, Counties.CountyCatalog counties, Counties.CountyStores stores, HelsinkiClock clock)
{

    /// <summary>Events held in memory, with their views, before they are copied into PostgreSQL.</summary>
    public const int EventsPerCopy = 50_000;

    private readonly DemoSeeder demo = new(store, counties, clock);

    /// <summary>The county the copies of Pirkanmaa's history go to, as <see cref="DemoSeeder"/> chooses it.</summary>
    private Counties.County County => demo.County;

    /// <summary>
    /// The N copies merged per workstream by recording instant, so that instants never go backwards within a
    /// stream (knownAt relies on it) and the copies interleave in time as a larger county's postings would.
    /// </summary>
    public static IReadOnlyList<PlannedWorkstream> Plan(PirkanmaaData data, int factor)
    {
        var firstDraws = PlanDraws.Demo();
        var copies = new List<IReadOnlyList<PlannedWorkstream>> { DemoHistory.Plan(data, new HistoryCopy(1, factor), firstDraws) };
        for (var copy = 2; copy <= factor; copy++)
            copies.Add(DemoHistory.Plan(data, new HistoryCopy(copy, factor), PlanDraws.Copy(copy, firstDraws)));

        return copies[0].Select((first, i) =>
        {
            if (copies.Any(copy => copy[i].Registration != first.Registration))
                throw new InvalidOperationException($"The copies of '{first.Registration.WorkstreamId}' would register it differently.");
            // OrderBy is stable: at equal instants, copy 1 comes first and each copy keeps its own order.
            return first with { Facts = copies.SelectMany(copy => copy[i].Facts).OrderBy(fact => fact.RecordedAt).ToList() };
        }).ToList();
    }

    /// <summary>Whether the event store holds any event at all.</summary>
    public async Task<bool> StoreIsEmpty(CancellationToken cancellation)
    {
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using var query = store.QuerySession(County.TenantId);
        return !await query.Events.QueryAllRawEvents().AnyAsync(cancellation);
    }

    /// <param name="plan">From <see cref="Plan"/>.</param>
    /// <param name="progress">Told the number of events stored so far after each copy into PostgreSQL.</param>
    /// <remarks>
    /// Organisations, working groups and workstreams already registered are left alone, with their
    /// histories: appending an older history to a stream would make its recording instants go backwards.
    /// The bulk path is not one transaction: a seed that is interrupted leaves a store to drop and seed again.
    /// </remarks>
    public async Task<ScaleReport> Seed(int factor, IReadOnlyList<PlannedWorkstream> plan, Action<long> progress, CancellationToken cancellation)
    {
        var elapsed = Stopwatch.StartNew();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var data = PirkanmaaData.Load();
        var (organisations, groups) = await demo.SeedReferenceData(County, data.Organisations, data.WorkingGroups, DemoSeeder.ReferenceDataRegisteredAt, cancellation);
        long stored = organisations + groups;
        progress(stored);

        HashSet<string> registered;
        await using (var query = store.QuerySession(County.TenantId))
            registered = (await query.Query<Workstream>().Select(w => w.Id).ToListAsync(cancellation)).ToHashSet();

        var today = clock.Today;
        var streams = new List<StreamAction>();
        var writeModels = new List<Workstream>();
        var views = new ReadinessState();
        var pending = 0;
        async Task Copy()
        {
            views.StepTallies();
            await store.BulkInsertEventsAsync(County.TenantId, streams, batchSize: 10_000, cancellation);
            await store.BulkInsertAsync(County.TenantId, writeModels, cancellation: cancellation);
            await store.BulkInsertAsync(County.TenantId, views.ChangedProfiles.ToList(), cancellation: cancellation);
            await store.BulkInsertAsync(County.TenantId, views.ChangedRegisters.ToList(), cancellation: cancellation);
            await store.BulkInsertAsync(County.TenantId, views.ChangedItems.ToList(), batchSize: 10_000, cancellation: cancellation);
            await store.BulkInsertAsync(County.TenantId, views.ChangedBlocks.ToList(), batchSize: 10_000, cancellation: cancellation);
            stored += pending;
            progress(stored);
            (streams, writeModels, views, pending) = ([], [], new ReadinessState(), 0);
        }

        var workstreams = 0;
        foreach (var planned in plan.Where(p => !registered.Contains(p.Registration.WorkstreamId)))
        {
            var key = Domain.Common.StreamKeys.Workstream(planned.Registration.WorkstreamId);
            var recorded = DemoSeeder.Decide(planned, today);
            var workstream = Workstream.Start((WorkstreamRegistered)recorded[0].Event) with { Version = recorded.Count };
            workstreams++;

            var stream = StreamAction.Start(((DocumentStore)store).Events, key, recorded.Select(r => r.Event).ToArray());
            for (var i = 0; i < recorded.Count; i++)
            {
                var e = stream.Events[i];
                e.Timestamp = recorded[i].RecordedAt.ToUniversalTime();
                e.UserName = DemoSeeder.RecordedBy;
                views.Record(key, e.Data, RecordedInstant.Of(e.Timestamp), i + 1);
            }
            streams.Add(stream);
            writeModels.Add(workstream);
            pending += recorded.Count;
            if (pending >= EventsPerCopy) await Copy();
        }
        if (pending > 0) await Copy();

        // A bulk load leaves PostgreSQL's planner statistics saying the tables are empty, and a board's
        // plan costed on them is compiled by the JIT (tens of milliseconds) until autovacuum analyses them.
        await using (var analyze = stores.Database(County).CreateCommand(
            $"analyze {EventStoreSetup.Schema}.mt_events, {EventStoreSetup.Schema}.mt_streams, {EventStoreSetup.Schema}.mt_doc_tallyblock, {EventStoreSetup.Schema}.mt_doc_counteditem, {EventStoreSetup.Schema}.mt_doc_workstream"))
            await analyze.ExecuteNonQueryAsync(cancellation);
        return new ScaleReport(factor, organisations, groups, workstreams, stored, elapsed.Elapsed);
    }
}
