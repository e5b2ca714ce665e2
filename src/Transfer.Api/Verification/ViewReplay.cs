using System.Threading.Channels;
using JasperFx.Events;
using Marten;
using Npgsql;
using NpgsqlTypes;
using Transfer.Domain.Organisations;
using Transfer.Domain.Readiness;
using Transfer.Domain.WorkingGroups;
using Transfer.Domain.Workstreams;
using Transfer.Projections;

namespace Transfer.Api.Verification;

/// <summary>
/// Replays every event through the projection code the store uses and compares the result with the
/// stored views, one workstream stream at a time: memory follows the largest workstream's replayed
/// views, never the whole history, and never holds stored copies. The events are read as rows and
/// only their data deserialised. PostgreSQL does the comparing: the replayed views go to it in chunks,
/// serialised once with the store's serializer, and it answers with the ones whose stored document is
/// missing or not equal (jsonb equality), and per workstream how many are stored, so that a stored view
/// no event gives is found without reading it. Reference data (a few rows) is replayed whole.
/// The comparing runs behind the replay on two connections (PostgreSQL compares while the next
/// workstream is replayed, on both cores), a few chunks at most in flight.
/// </summary>
/// <param name="tenant">The county's tenant: only its events are replayed and only its views compared.</param>
internal sealed class ViewReplay(NpgsqlDataSource database, IDocumentStore store, string tenant)
{
    /// <summary>Replayed views sent to PostgreSQL at a time: a few megabytes of JSON.</summary>
    private const int ChunkSize = 5000;

    /// <summary>Chunks serialised but not yet compared: what bounds the memory the comparing holds.</summary>
    private const int ChunksInFlight = 4;

    /// <summary>Events read and deserialised ahead of the replay.</summary>
    private const int ReadAhead = 4096;

    private readonly ISerializer serializer = store.Options.Serializer();
    private readonly SemaphoreSlim inFlight = new(ChunksInFlight);
    /// <summary>Two connections, so that PostgreSQL compares two chunks at a time on the two cores.</summary>
    private readonly CompareLane[] lanes = new CompareLane[2];
    private int nextLane;
    /// <summary>What each comparison finds, in the order they were queued, so the report reads the same every time.</summary>
    private readonly Queue<Task<List<string>>> findings = new();
    private readonly List<string> differences = [];

    public async Task<List<string>> Compare(CancellationToken cancellation)
    {
        await using var eventConnection = await database.OpenConnectionAsync(cancellation);
        await using var compare = await database.OpenConnectionAsync(cancellation);
        await using var secondCompare = await database.OpenConnectionAsync(cancellation);
        // A chunk's estimated cost is high enough to start PostgreSQL's JIT, which costs more than the comparing.
        foreach (var connection in new[] { compare, secondCompare })
            await using (var noJit = new NpgsqlCommand("set jit = off", connection)) await noJit.ExecuteNonQueryAsync(cancellation);
        (lanes[0], lanes[1]) = (new CompareLane(compare), new CompareLane(secondCompare));

        var organisations = new Dictionary<string, Organisation>(StringComparer.Ordinal);
        var groups = new Dictionary<string, WorkingGroup>(StringComparer.Ordinal);
        var (organisationProjection, groupProjection) = (new OrganisationProjection(), new WorkingGroupProjection());
        var workstreamProjection = new WorkstreamProjection();
        var replayedWorkstreams = new HashSet<string>(StringComparer.Ordinal);

        string? current = null;
        Workstream? workstream = null;
        var readiness = new ReadinessState();

        async Task CompareWorkstream()
        {
            if (current is null) return;
            readiness.StepTallies();
            replayedWorkstreams.Add(current);
            await CompareStored(OneOf(workstream), view => view.Id, ById(current), cancellation);
            await CompareStored(readiness.ChangedProfiles, view => view.Id, ById(current), cancellation);
            await CompareStored(readiness.ChangedRegisters, view => view.Id, ("workstream_id", current), cancellation);
            await CompareStored(readiness.ChangedItems, view => view.Id, ("workstream_id", current), cancellation);
            await CompareStored(readiness.ChangedBlocks, view => view.Id, ("workstream_id", current), cancellation);
            CollectFinishedFindings();
        }

        static void Evolve<T>(Dictionary<string, T> views, string id, IEvent e, Func<T?, string, IEvent, T?> evolve) where T : class
        {
            if (evolve(views.GetValueOrDefault(id), id, e) is { } next) views[id] = next;
        }

        // Reading and deserialising run ahead of the recording, on a core of their own.
        var events = Channel.CreateBounded<IEvent>(new BoundedChannelOptions(ReadAhead) { SingleReader = true, SingleWriter = true });
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var reading = Task.Run(() => ReadEvents(eventConnection, events.Writer, stopReading.Token), cancellation);
        try
        {
            await foreach (var e in events.Reader.ReadAllAsync(cancellation))
            {
                switch (e.Data)
                {
                    case OrganisationRegistered registered:
                        Evolve(organisations, registered.OrganisationId, e, organisationProjection.Evolve);
                        continue;
                    case WorkingGroupRegistered registered:
                        Evolve(groups, registered.WorkingGroupId, e, groupProjection.Evolve);
                        continue;
                }
                if (!ReadinessProjection.IsWorkstreamEvent(e.Data)) continue;
                if (e.StreamKey != current)
                {
                    await CompareWorkstream();
                    (current, workstream, readiness) = (e.StreamKey!, null, new ReadinessState());
                }
                workstream = workstreamProjection.Evolve(workstream, current!, e);
                readiness.Record(current!, e.Data, RecordedInstant.Of(e), e.Version);
            }
        }
        finally
        {
            // A replay that stopped early (a failed comparison) stops the reading too.
            await stopReading.CancelAsync();
            await reading;
        }
        await CompareWorkstream();

        await CompareStored(organisations.Values, view => view.Id, null, cancellation);
        await CompareStored(groups.Values, view => view.Id, null, cancellation);
        while (findings.Count > 0) differences.AddRange(await findings.Dequeue());

        // Views of a workstream that has no events at all.
        await using (var command = new NpgsqlCommand($"select id from {TableOf<WorkstreamProfile>()} where tenant_id = @tenant order by id", compare))
        await using (var reader = await WithTenant(command).ExecuteReaderAsync(cancellation))
            while (await reader.ReadAsync(cancellation))
                if (!replayedWorkstreams.Contains(reader.GetString(0)))
                    differences.Add($"The views of workstream '{reader.GetString(0)}' are stored but do not follow from any event.");
        return differences;
    }

    private static (string Column, string Value) ById(string id) => ("id", id);

    /// <summary>Every event, as Marten's QueryAllRawEvents reads them and in the same order, without the metadata columns.</summary>
    private async Task ReadEvents(NpgsqlConnection connection, ChannelWriter<IEvent> events, CancellationToken cancellation)
    {
        try
        {
            var types = EventTypeMap();
            await using var command = new NpgsqlCommand(
                $"select e.stream_id, e.version, e.timestamp, e.type, e.data from {EventStoreSetup.Schema}.mt_events e where e.is_archived = false and e.tenant_id = @tenant order by e.stream_id, e.version",
                connection);
            await using var reader = await WithTenant(command).ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                if (!types.TryGetValue(reader.GetString(3), out var type)) continue;
                var e = type.Wrap(serializer.FromJson(type.Type, reader, 4));
                e.StreamKey = reader.IsDBNull(0) ? null : reader.GetString(0);
                e.Version = reader.GetInt64(1);
                e.Timestamp = reader.GetFieldValue<DateTimeOffset>(2);
                await events.WriteAsync(e, cancellation);
            }
            events.Complete();
        }
        catch (Exception e)
        {
            events.Complete(e);
        }
    }

    /// <summary>
    /// Queues the comparing of the replayed views with the stored ones, and returns once they are
    /// serialised: it names each replayed view whose stored document is missing or differs, then each
    /// stored one in <paramref name="scope"/> (a column and its value; every row when null) that no
    /// replayed view is.
    /// </summary>
    private async Task CompareStored<T>(IEnumerable<T> replayed, Func<T, string> idOf, (string Column, string Value)? scope, CancellationToken cancellation)
        where T : notnull
    {
        var table = TableOf<T>();
        var name = typeof(T).Name;
        var ids = new List<string>();
        var chunkIds = new List<string>(ChunkSize);
        var chunkDocs = new List<string>(ChunkSize);
        var chunks = new List<Task<List<(string Id, bool Missing)>>>();

        async Task Send()
        {
            if (chunkIds.Count == 0) return;
            var (sentIds, sentDocs) = (chunkIds.ToArray(), chunkDocs.ToArray());
            (chunkIds, chunkDocs) = (new List<string>(ChunkSize), new List<string>(ChunkSize));
            await inFlight.WaitAsync(cancellation);
            var chunk = NextLane().Queue(async connection =>
            {
                try { return await CompareChunk(table, tenant, connection, sentIds, sentDocs, cancellation); }
                finally { inFlight.Release(); }
            });
            chunks.Add(chunk);
            findings.Enqueue(Describe(chunk));
        }

        async Task<List<string>> Describe(Task<List<(string Id, bool Missing)>> chunk) =>
            (await chunk).Select(found => found.Missing
                ? $"{name} '{found.Id}' follows from the events but is not stored."
                : $"{name} '{found.Id}' differs from a replay of its events.").ToList();

        foreach (var view in replayed)
        {
            var id = idOf(view);
            ids.Add(id);
            chunkIds.Add(id);
            chunkDocs.Add(serializer.ToJson(view));
            if (chunkIds.Count == ChunkSize) await Send();
        }
        await Send();

        var replayedIds = ids.ToArray();
        var compared = chunks.ToArray();
        findings.Enqueue(NextLane().Queue(connection => StoredButNotReplayed(connection, table, tenant, name, scope, replayedIds, compared, cancellation)));
    }

    /// <summary>
    /// Every stored row in scope that is not one of the replayed views: counted first, named only if there
    /// are any. Runs after the chunks it counts on (queued earlier, on either connection) have been compared.
    /// </summary>
    private static async Task<List<string>> StoredButNotReplayed(NpgsqlConnection connection, string table, string tenant, string name,
        (string Column, string Value)? scope, string[] replayedIds, Task<List<(string Id, bool Missing)>>[] compared, CancellationToken cancellation)
    {
        var missing = (await Task.WhenAll(compared)).Sum(found => found.Count(view => view.Missing));
        var where = scope is null ? "where tenant_id = @tenant" : $"where tenant_id = @tenant and {scope.Value.Column} = @scope";
        await using var count = new NpgsqlCommand($"select count(*) from {table} {where}", connection);
        count.Parameters.AddWithValue("tenant", tenant);
        if (scope is not null) count.Parameters.AddWithValue("scope", scope.Value.Value);
        var stored = (long)(await count.ExecuteScalarAsync(cancellation))!;
        if (stored <= replayedIds.Length - missing) return [];

        await using var extra = new NpgsqlCommand(
            $"select id from {table} {where} and id <> all(@ids) order by id", connection);
        extra.Parameters.AddWithValue("tenant", tenant);
        if (scope is not null) extra.Parameters.AddWithValue("scope", scope.Value.Value);
        extra.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = replayedIds });
        var names = new List<string>();
        await using var extras = await extra.ExecuteReaderAsync(cancellation);
        while (await extras.ReadAsync(cancellation))
            names.Add($"{name} '{extras.GetString(0)}' is stored but does not follow from any event.");
        return names;
    }

    private CompareLane NextLane() => lanes[nextLane++ % lanes.Length];

    /// <summary>Moves what the comparing has found so far into the report, keeping the order it was queued in.</summary>
    private void CollectFinishedFindings()
    {
        while (findings.Count > 0 && findings.Peek().IsCompletedSuccessfully)
            differences.AddRange(findings.Dequeue().Result);
    }

    /// <summary>The views of one chunk whose stored document is missing (true) or not equal to the replayed one (false).</summary>
    private static async Task<List<(string Id, bool Missing)>> CompareChunk(
        string table, string tenant, NpgsqlConnection connection, string[] ids, string[] docs, CancellationToken cancellation)
    {
        // Each replayed view beside the stored row of its id: those with no row, or a row not equal to it.
        // One primary key probe per view ("offset 0" keeps the planner from hashing the whole table instead).
        await using var command = new NpgsqlCommand($"""
            select r.n, s.data is null
            from unnest(@ids, @docs) with ordinality as r(id, doc, n)
            left join lateral (select s.data from {table} s where s.tenant_id = @tenant and s.id = r.id offset 0) s on true
            where s.data is null or s.data <> r.doc::jsonb
            order by r.n
            """, connection);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = ids });
        // Each view's JSON as an element of a text array, parsed one at a time: PostgreSQL spent half as
        // much again parsing one large JSON array of them.
        command.Parameters.Add(new NpgsqlParameter<string[]>("docs", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = docs });
        var found = new List<(string Id, bool Missing)>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            found.Add((ids[(int)reader.GetInt64(0) - 1], reader.GetBoolean(1)));
        return found;
    }

    private NpgsqlCommand WithTenant(NpgsqlCommand command)
    {
        command.Parameters.AddWithValue("tenant", tenant);
        return command;
    }

    private string TableOf<T>() => store.Options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName;

    private Dictionary<string, KnownEvent> EventTypeMap() =>
        store.Options.Events.AllKnownEventTypes().ToDictionary(type => type.EventTypeName, type => new KnownEvent(type.EventType), StringComparer.Ordinal);

    private static IEnumerable<T> OneOf<T>(T? view) where T : class => view is null ? [] : [view];

    /// <summary>One compare connection and the work queued on it, run one after another in the order queued.</summary>
    private sealed class CompareLane(NpgsqlConnection connection)
    {
        private Task last = Task.CompletedTask;

        public Task<TResult> Queue<TResult>(Func<NpgsqlConnection, Task<TResult>> work)
        {
            var previous = last;
            var queued = RunAfter();
            last = queued;
            return queued;

            async Task<TResult> RunAfter()
            {
                await previous;
                return await work(connection);
            }
        }
    }

    /// <summary>An event type the store knows, and how to wrap its data as the projections' <see cref="IEvent"/>.</summary>
    private sealed class KnownEvent(Type type)
    {
        private readonly Func<object, IEvent> wrap = typeof(KnownEvent).GetMethod(nameof(WrapAs), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type).CreateDelegate<Func<object, IEvent>>();

        public Type Type { get; } = type;

        public IEvent Wrap(object data) => wrap(data);

        private static IEvent WrapAs<T>(object data) where T : notnull => new Event<T>((T)data);
    }
}
