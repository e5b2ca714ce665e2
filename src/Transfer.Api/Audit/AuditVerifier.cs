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
        var (problems, events, head, expectedFound, unchained) = await VerifyChain(expectedHead, cancellation);
        var differences = await CompareViewsWithReplay(cancellation);
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

    /// <summary>Replays every event through the projection classes the store uses and compares the result with the stored views.</summary>
    private async Task<List<string>> CompareViewsWithReplay(CancellationToken cancellation)
    {
        var workstreams = new Dictionary<string, Workstream>();
        var timelines = new Dictionary<string, WorkstreamTimeline>();
        var items = new Dictionary<string, CountedItem>();
        var organisations = new Dictionary<string, Organisation>();
        var groups = new Dictionary<string, WorkingGroup>();
        var (workstreamProjection, timelineProjection, itemProjection, organisationProjection, groupProjection) =
            (new WorkstreamProjection(), new WorkstreamTimelineProjection(), new CountedItemProjection(), new OrganisationProjection(), new WorkingGroupProjection());

        static void Evolve<T>(Dictionary<string, T> views, string? id, IEvent e, Func<T?, string, IEvent, T?> evolve) where T : class
        {
            if (id is null) return;
            if (evolve(views.GetValueOrDefault(id), id, e) is { } next) views[id] = next;
        }

        await using var session = store.QuerySession();
        await foreach (var e in session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToAsyncEnumerable(cancellation))
        {
            switch (e.Data)
            {
                case OrganisationRegistered registered:
                    Evolve(organisations, registered.OrganisationId, e, organisationProjection.Evolve);
                    break;
                case WorkingGroupRegistered registered:
                    Evolve(groups, registered.WorkingGroupId, e, groupProjection.Evolve);
                    break;
                default:
                    Evolve(workstreams, e.StreamKey, e, workstreamProjection.Evolve);
                    Evolve(timelines, e.StreamKey, e, timelineProjection.Evolve);
                    Evolve(items, ItemEvent.Of(e.Data)?.ItemId, e, itemProjection.Evolve);
                    break;
            }
        }

        var differences = new List<string>();
        await Compare(session, workstreams, view => view.Id, differences, cancellation);
        await Compare(session, timelines, view => view.Id, differences, cancellation);
        await Compare(session, items, view => view.Id, differences, cancellation);
        await Compare(session, organisations, view => view.Id, differences, cancellation);
        await Compare(session, groups, view => view.Id, differences, cancellation);
        return differences;
    }

    private async Task Compare<T>(
        IQuerySession session, Dictionary<string, T> replayed, Func<T, string> idOf, List<string> differences, CancellationToken cancellation) where T : notnull
    {
        var serializer = store.Options.Serializer();
        var stored = (await session.Query<T>().ToListAsync(cancellation)).ToDictionary(idOf);
        foreach (var (id, view) in replayed)
        {
            if (!stored.Remove(id, out var kept)) differences.Add($"{typeof(T).Name} '{id}' follows from the events but is not stored.");
            else if (serializer.ToJson(kept) != serializer.ToJson(view)) differences.Add($"{typeof(T).Name} '{id}' differs from a replay of its events.");
        }
        differences.AddRange(stored.Keys.Select(id => $"{typeof(T).Name} '{id}' is stored but does not follow from any event."));
    }
}
