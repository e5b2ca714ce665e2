using Marten;
using Transfer.Domain.Common;
using Transfer.Domain.Organisations;
using Transfer.Domain.WorkingGroups;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.Registering;

namespace Transfer.Api.Demo;

public sealed record SeedReport(int Organisations, int WorkingGroups, int Workstreams, int Events, bool SkippedBecauseNotEmpty)
{
    public static SeedReport operator +(SeedReport a, SeedReport b) => new(a.Organisations + b.Organisations, a.WorkingGroups + b.WorkingGroups,
        a.Workstreams + b.Workstreams, a.Events + b.Events, a.SkippedBecauseNotEmpty && b.SkippedBecauseNotEmpty);
}

/// <summary>
/// Loads the Pirkanmaa demo data set into the configured database (and, where several counties are served
/// and Kanta-Häme is one, Kanta-Häme's smaller invented one into its county). Every workstream event goes through
/// the same domain decisions as an API write, each workstream in its own transaction, so a second run
/// (or a run after an interrupted one) adds only what is missing. Events carry the plausible 2022
/// instants the plan gives them, so knownAt shows what the boards showed back then.
/// </summary>
public sealed class DemoSeeder(IDocumentStore store, Counties.CountyCatalog counties, HelsinkiClock clock)
{
    /// <summary>
    /// The county the Pirkanmaa data set goes to: the one county served, or Pirkanmaa by name where several
    /// are (the demo is never loaded into another real county).
    /// </summary>
    public Counties.County County { get; } = !counties.ServesSeveral ? counties.Only
        : counties.Find("pirkanmaa") ?? throw new InvalidOperationException("Several counties are served and none is pirkanmaa: the Pirkanmaa demo data set has nowhere to go.");

    public const string RecordedBy = "PMO (demo data)";

    /// <summary>When the organisations and working groups were registered, before any workstream.</summary>
    internal static DateTimeOffset ReferenceDataRegisteredAt => DemoHistory.At(new DateOnly(2021, 8, 16), 9);

    /// <summary>Kanta-Häme, where the installation serves it: the demo's second county, smaller and invented (see <see cref="KantaHameDemo"/>).</summary>
    public Counties.County? KantaHame { get; } = counties.ServesSeveral ? counties.Find(KantaHameDemo.CountyId) : null;

    /// <summary>Pirkanmaa into its county, and Kanta-Häme into its own where it is served.</summary>
    public async Task<SeedReport> Seed(bool onlyIntoEmptyDatabase, CancellationToken cancellation)
    {
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        if (onlyIntoEmptyDatabase)
        {
            await using var query = store.QuerySession(County.TenantId);
            if (await query.Events.QueryAllRawEvents().AnyAsync(cancellation))
                return new SeedReport(0, 0, 0, 0, SkippedBecauseNotEmpty: true);
        }

        var data = PirkanmaaData.Load();
        var report = await Seed(County, data.Organisations, data.WorkingGroups, DemoHistory.Plan(data), cancellation);
        if (KantaHame is not null)
        {
            var organisations = KantaHameDemo.Organisations();
            report += await Seed(KantaHame, organisations, KantaHameDemo.WorkingGroups, KantaHameDemo.Plan(organisations), cancellation);
        }
        return report;
    }

    private async Task<SeedReport> Seed(Counties.County county, IReadOnlyList<DemoOrganisation> organisationData, IReadOnlyList<DemoWorkingGroup> groupData,
        IReadOnlyList<PlannedWorkstream> plan, CancellationToken cancellation)
    {
        var (organisations, groups) = await SeedReferenceData(county, organisationData, groupData, ReferenceDataRegisteredAt, cancellation);
        int workstreams = 0, events = 0;
        foreach (var planned in plan)
        {
            var appended = await SeedWorkstream(county, planned, cancellation);
            if (appended == 0) continue;
            workstreams++;
            events += appended;
        }
        return new SeedReport(organisations, groups, workstreams, events + organisations + groups, SkippedBecauseNotEmpty: false);
    }

    /// <summary>Registers the organisations and working groups not registered yet, in one transaction (seed-scale shares it).</summary>
    internal async Task<(int Organisations, int Groups)> SeedReferenceData(Counties.County county, IReadOnlyList<DemoOrganisation> organisations,
        IReadOnlyList<DemoWorkingGroup> groups, DateTimeOffset registeredAt, CancellationToken cancellation)
    {
        await using var session = OpenSession(county);
        var knownOrganisations = (await session.Query<Organisation>().Select(o => o.Id).ToListAsync(cancellation)).ToHashSet();
        var knownGroups = (await session.Query<WorkingGroup>().Select(g => g.Id).ToListAsync(cancellation)).ToHashSet();

        var newOrganisations = organisations.Where(o => !knownOrganisations.Contains(o.Id)).ToList();
        foreach (var organisation in newOrganisations)
            Stamp(session.Events.StartStream(StreamKeys.Organisation(organisation.Id),
                new OrganisationRegistered(organisation.Id, organisation.Name, organisation.Kind)), registeredAt);
        // Parents come before their children in the file, as the API requires.
        var newGroups = groups.Where(g => !knownGroups.Contains(g.Id)).ToList();
        foreach (var group in newGroups)
            Stamp(session.Events.StartStream(StreamKeys.WorkingGroup(group.Id),
                new WorkingGroupRegistered(group.Id, group.Name, group.ParentId)), registeredAt);

        await session.SaveChangesAsync(cancellation);
        return (newOrganisations.Count, newGroups.Count);
    }

    private async Task<int> SeedWorkstream(Counties.County county, PlannedWorkstream planned, CancellationToken cancellation)
    {
        await using var session = OpenSession(county);
        var key = StreamKeys.Workstream(planned.Registration.WorkstreamId);
        if (await session.LoadAsync<Workstream>(key, cancellation) is not null) return 0;

        var decided = Decide(planned, clock.Today);
        Stamp(session.Events.StartStream<Workstream>(key, decided[0].Event), decided[0].RecordedAt);
        foreach (var (@event, recordedAt) in decided.Skip(1))
            Stamp(session.Events.Append(key, @event), recordedAt);
        await session.SaveChangesAsync(cancellation);
        return decided.Count;
    }

    /// <summary>
    /// A planned workstream's events in stream order, each decided by the domain as an API write would be,
    /// against the items as the events before it left them, with the instant it is recorded at.
    /// </summary>
    internal static IReadOnlyList<(object Event, DateTimeOffset RecordedAt)> Decide(PlannedWorkstream planned, DateOnly today)
    {
        var key = StreamKeys.Workstream(planned.Registration.WorkstreamId);
        var registered = (WorkstreamRegistered)Expect(planned.Registration.Decide(), key);
        var workstream = Workstream.Start(registered);
        var decided = new List<(object Event, DateTimeOffset RecordedAt)> { (registered, planned.RegisteredAt) };
        var items = new Dictionary<ItemKey, CountedItem>();
        foreach (var fact in planned.Facts)
        {
            var @event = Expect(fact.Decide(workstream, fact.Item is null ? null : items.GetValueOrDefault(fact.Item), today), key);
            decided.Add((@event, fact.RecordedAt));
            if (ItemEvent.Of(@event) is { } change)
                items[change.Key] = CountedItem.Record(items.GetValueOrDefault(change.Key), change, fact.RecordedAt, decided.Count);
        }
        return decided;
    }

    internal IDocumentSession OpenSession(Counties.County county)
    {
        var session = store.LightweightSession(county.TenantId);
        session.LastModifiedBy = RecordedBy;
        return session;
    }

    /// <summary>The plan is written to pass the domain's rules; a refusal is a bug in the plan, not something to skip.</summary>
    internal static object Expect(Verdict decision, string workstream) =>
        decision.Event ?? throw new InvalidOperationException($"The demo plan for '{workstream}' was refused: {decision.Rejection}");

    /// <summary>Sets when the last event appended to the stream was recorded.</summary>
    internal static void Stamp(JasperFx.Events.StreamAction stream, DateTimeOffset recordedAt) => stream.Events[^1].Timestamp = recordedAt.ToUniversalTime();
}
