using JasperFx.Events;
using Marten;
using Npgsql;
using Transfer.Domain.Organisations;
using Transfer.Domain.Readiness;
using Transfer.Domain.WorkingGroups;
using Transfer.Domain.Workstreams;
using Transfer.Projections;

namespace Transfer.Api.Audit;

public sealed record ChainProblem(long Sequence, string Problem);

/// <param name="Events">How many events the chain covers.</param>
/// <param name="Head">The last link: write it down to check later that nothing before it changed.</param>
/// <param name="UnchainedEvents">Events recorded too recently to be chained yet (the chain follows within about a second).</param>
public sealed record VerifyReport(
    bool Intact, long Events, string? Head, bool ViewsMatchReplay, IReadOnlyList<ChainProblem> Problems, bool? ExpectedHeadFound,
    long UnchainedEvents, IReadOnlyList<string> ViewDifferences);

/// <summary>
/// Checks that the recorded history is what was chained, and that the stored views are what the events
/// give when replayed through the same projection code. Reads row by row: memory does not grow with
/// the number of events for the chain.
/// </summary>
public sealed class AuditVerifier(NpgsqlDataSource database, IDocumentStore store)
{
    private const int MaxProblems = 100;

    public async Task<VerifyReport> Verify(string? expectedHead, CancellationToken cancellation)
    {
        // The chain reads rows in sequence order, the replay stream by stream: on their own connections, side by side.
        var chain = VerifyChain(expectedHead, cancellation);
        var replay = CompareViewsWithReplay(cancellation);
        var (problems, events, head, expectedFound, unchained) = await chain;
        var differences = await replay;
        return new VerifyReport(problems.Count == 0 && differences.Count == 0, events, head, differences.Count == 0, problems,
            expectedHead is null ? null : expectedFound, unchained, differences);
    }

    private async Task<(List<ChainProblem>, long, string?, bool, long)> VerifyChain(string? expectedHead, CancellationToken cancellation)
    {
        await using var connection = await database.OpenConnectionAsync(cancellation);
        long lastLinked;
        await using (var head = new NpgsqlCommand("select coalesce(max(id), 0) from transfer.mt_doc_auditchainlink", connection))
            lastLinked = (long)(await head.ExecuteScalarAsync(cancellation))!;

        await using var command = new NpgsqlCommand($"""
            select coalesce(e.seq_id, l.id), l.data->>'hash', {AuditChain.StoredEventColumns}
            from transfer.mt_events e
            full outer join transfer.mt_doc_auditchainlink l on l.id = e.seq_id
            order by 1
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellation);

        var problems = new List<ChainProblem>();
        string storedPrevious = AuditChain.Genesis, recomputed = AuditChain.Genesis;
        var recomputedIntact = true;
        var expectedFound = expectedHead is null;
        long chained = 0, unchained = 0;
        string? lastHash = null;
        void Problem(long sequence, string text) { if (problems.Count < MaxProblems) problems.Add(new(sequence, text)); }

        while (await reader.ReadAsync(cancellation))
        {
            var sequence = reader.GetInt64(0);
            var link = reader.IsDBNull(1) ? null : reader.GetString(1);
            var stored = reader.IsDBNull(2) ? null : AuditChain.ReadStored(reader, 2);

            if (stored is null)
            {
                Problem(sequence, "The event is missing: its row was deleted or its sequence changed.");
                storedPrevious = link!;
                recomputedIntact = false;
                chained++;
                continue;
            }
            if (link is null)
            {
                if (sequence > lastLinked) { unchained++; continue; }
                Problem(sequence, "The event is not in the chain: it was inserted afterwards, or its link was removed.");
                recomputedIntact = false;
                continue;
            }

            if (AuditChain.Link(storedPrevious, stored) != link)
                Problem(sequence, "The stored event no longer matches its link: its data, type, stream, version, sequence, recorded instant or recorder was changed, or the link was.");
            if (recomputedIntact)
            {
                recomputed = AuditChain.Link(recomputed, stored);
                if (recomputed == expectedHead) expectedFound = true;
            }
            storedPrevious = link;
            lastHash = link;
            chained++;
        }
        return (problems, chained, lastHash, expectedFound, unchained);
    }

    /// <summary>
    /// Replays every event through the projection code the store uses and compares the result with the
    /// stored views, one workstream stream at a time: memory follows the largest workstream, never the
    /// whole history. Reference data (a few rows) is replayed whole.
    /// </summary>
    private async Task<List<string>> CompareViewsWithReplay(CancellationToken cancellation)
    {
        var differences = new List<string>();
        var serializer = store.Options.Serializer();
        await using var session = store.QuerySession();

        var organisations = new Dictionary<string, Organisation>();
        var groups = new Dictionary<string, WorkingGroup>();
        var (organisationProjection, groupProjection) = (new OrganisationProjection(), new WorkingGroupProjection());
        var (workstreamProjection, profileProjection) = (new WorkstreamProjection(), new WorkstreamProfileProjection());
        var replayedWorkstreams = new HashSet<string>(StringComparer.Ordinal);

        string? current = null;
        Workstream? workstream = null;
        WorkstreamProfile? profile = null;
        var readiness = new ReadinessState();

        async Task CompareWorkstream()
        {
            if (current is null) return;
            readiness.StepTallies();
            replayedWorkstreams.Add(current);
            var id = current;
            var batch = session.CreateBatchQuery();
            var storedWorkstream = batch.Load<Workstream>(id);
            var storedProfile = batch.Load<WorkstreamProfile>(id);
            var storedRegisters = batch.Load<WorkstreamRegisters>(id);
            var storedItems = batch.Query<CountedItem>().Where(item => item.WorkstreamId == id).ToList();
            var storedBlocks = batch.Query<TallyBlock>().Where(block => block.WorkstreamId == id).ToList();
            await batch.Execute(cancellation);

            Compare(OneOf(workstream), OneOf(await storedWorkstream), view => view.Id);
            Compare(OneOf(profile), OneOf(await storedProfile), view => view.Id);
            Compare(readiness.ChangedRegisters, OneOf(await storedRegisters), view => view.Id);
            Compare(readiness.ChangedItems, await storedItems, view => view.Id);
            Compare(readiness.ChangedBlocks, await storedBlocks, view => view.Id);
        }

        void Compare<T>(IEnumerable<T> replayed, IEnumerable<T> stored, Func<T, string> idOf) where T : notnull
        {
            var kept = stored.ToDictionary(idOf, StringComparer.Ordinal);
            foreach (var view in replayed)
            {
                var id = idOf(view);
                if (!kept.Remove(id, out var storedView)) differences.Add($"{typeof(T).Name} '{id}' follows from the events but is not stored.");
                else if (serializer.ToJson(storedView) != serializer.ToJson(view)) differences.Add($"{typeof(T).Name} '{id}' differs from a replay of its events.");
            }
            differences.AddRange(kept.Keys.Select(id => $"{typeof(T).Name} '{id}' is stored but does not follow from any event."));
        }

        static void Evolve<T>(Dictionary<string, T> views, string id, IEvent e, Func<T?, string, IEvent, T?> evolve) where T : class
        {
            if (evolve(views.GetValueOrDefault(id), id, e) is { } next) views[id] = next;
        }

        await foreach (var e in session.Events.QueryAllRawEvents().OrderBy(e => e.StreamKey).ThenBy(e => e.Version).ToAsyncEnumerable(cancellation))
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
                (current, workstream, profile, readiness) = (e.StreamKey!, null, null, new ReadinessState());
            }
            workstream = workstreamProjection.Evolve(workstream, current!, e);
            profile = profileProjection.Evolve(profile, current!, e);
            readiness.Record(current!, e.Data, RecordedInstant.Of(e), e.Version);
        }
        await CompareWorkstream();

        Compare(organisations.Values, await session.Query<Organisation>().ToListAsync(cancellation), view => view.Id);
        Compare(groups.Values, await session.Query<WorkingGroup>().ToListAsync(cancellation), view => view.Id);
        // Views of a workstream that has no events at all.
        foreach (var orphan in (await session.Query<WorkstreamProfile>().Select(view => view.Id).ToListAsync(cancellation)).Where(id => !replayedWorkstreams.Contains(id)))
            differences.Add($"The views of workstream '{orphan}' are stored but do not follow from any event.");
        return differences;
    }

    private static IEnumerable<T> OneOf<T>(T? view) where T : class => view is null ? [] : [view];
}
