using System.Diagnostics;
using Marten;
using Transfer.Domain.Workstreams;

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
/// Every event goes through the domain's decisions, as in <see cref="DemoSeeder"/>, and the inline
/// projections run as for any write; only the transactions are larger, a few thousand events each, which
/// is what makes a quarter of a million events a matter of seconds rather than of an hour.
/// </summary>
public sealed class ScaleSeeder(IDocumentStore store, HelsinkiClock clock)
{
    /// <summary>
    /// Events per transaction. From 1,000 to 4,000 the rate is the same within the noise here (the CPU is the
    /// limit, not round trips); much larger ones cost more per event, as Marten's unit of work compares each
    /// queued operation with those before it. Writing several workstreams side by side in their own sessions
    /// gained nothing either: the contracts workstream holds three quarters of the events, and its
    /// transactions must follow one another, since its inline projections read what the previous one wrote.
    /// </summary>
    public const int EventsPerSession = 4000;

    private readonly DemoSeeder demo = new(store, clock);

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
        await using var query = store.QuerySession();
        return !await query.Events.QueryAllRawEvents().AnyAsync(cancellation);
    }

    /// <param name="plan">From <see cref="Plan"/>.</param>
    /// <param name="progress">Told the number of events stored so far after each transaction.</param>
    /// <remarks>
    /// Organisations, working groups and workstreams already registered are left alone, with their
    /// histories: appending an older history to a stream would make its recording instants go backwards.
    /// </remarks>
    public async Task<ScaleReport> Seed(int factor, IReadOnlyList<PlannedWorkstream> plan, Action<long> progress, CancellationToken cancellation)
    {
        var elapsed = Stopwatch.StartNew();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var (organisations, groups) = await demo.SeedReferenceData(PirkanmaaData.Load(), DemoSeeder.ReferenceDataRegisteredAt, cancellation);
        long stored = organisations + groups;
        progress(stored);

        HashSet<string> registered;
        await using (var query = store.QuerySession())
            registered = (await query.Query<Workstream>().Select(w => w.Id).ToListAsync(cancellation)).ToHashSet();

        var today = clock.Today;
        var session = demo.OpenSession();
        var pending = 0;
        async Task Commit()
        {
            await session.SaveChangesAsync(cancellation);
            await session.DisposeAsync();
            stored += pending;
            pending = 0;
            progress(stored);
            session = demo.OpenSession();
        }

        var workstreams = 0;
        foreach (var planned in plan.Where(p => !registered.Contains(p.Registration.WorkstreamId)))
        {
            var key = Domain.Common.StreamKeys.Workstream(planned.Registration.WorkstreamId);
            var registration = DemoSeeder.Expect(planned.Registration.Decide(), key);
            DemoSeeder.Stamp(session.Events.StartStream<Workstream>(key, registration), planned.RegisteredAt);
            var workstream = Workstream.Start((Domain.Workstreams.Registering.WorkstreamRegistered)registration);
            workstreams++;
            pending++;

            // What the decisions need to know about each item, kept here as the inline projection keeps it in the database.
            var items = new Dictionary<ItemKey, CountedItem>();
            var version = 1L;
            foreach (var fact in planned.Facts)
            {
                var @event = DemoSeeder.Expect(fact.Decide(workstream, fact.Item is null ? null : items.GetValueOrDefault(fact.Item), today), key);
                DemoSeeder.Stamp(session.Events.Append(key, @event), fact.RecordedAt);
                version++;
                if (ItemEvent.Of(@event) is { } change)
                    items[change.Key] = CountedItem.Record(items.GetValueOrDefault(change.Key), change, fact.RecordedAt, version);
                if (++pending >= EventsPerSession) await Commit();
            }
        }
        if (pending > 0) await Commit();
        await session.DisposeAsync();
        return new ScaleReport(factor, organisations, groups, workstreams, stored, elapsed.Elapsed);
    }
}
