using Marten;
using Npgsql;
using Transfer.Api.Counties;
using Transfer.Api.Evidence;
using Transfer.Api.History;

namespace Transfer.Api.Verification;

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
public sealed class AuditVerifier(CountyStores stores, IDocumentStore store)
{
    private const int MaxProblems = 100;

    /// <summary>Verifies one county's chain and views: its events and links only, in whatever database it lives.</summary>
    public async Task<VerifyReport> Verify(County county, string? expectedHead, CancellationToken cancellation)
    {
        var database = stores.Database(county);
        var rootHead = expectedHead is null ? null : await HeadKind(county, expectedHead, cancellation);
        // The chain reads rows in sequence order, the replay stream by stream: on their own connections, side by side.
        var chain = Task.Run(() => VerifyChain(database, county.TenantId, expectedHead, rootHead, cancellation), cancellation);
        var replay = Task.Run(() => new ViewReplay(database, store, county.TenantId).Compare(cancellation), cancellation);
        var (problems, events, head, expectedFound, unchained) = await chain;
        var differences = await replay;
        return new VerifyReport(problems.Count == 0 && differences.Count == 0, events, head, differences.Count == 0, problems,
            expectedHead is null ? null : expectedFound, unchained, differences);
    }

    /// <summary>
    /// What an expected head is: a link of the chain (null), or a checkpoint's Merkle root: of the tree of a known
    /// size (a checkpoint still stored), or of a size to find (a root an auditor kept whose checkpoint is gone).
    /// </summary>
    private sealed record RootHead(long? Size);

    private async Task<RootHead?> HeadKind(County county, string expectedHead, CancellationToken cancellation)
    {
        await using var session = stores.QuerySession(county);
        if (await session.Query<AuditCheckpoint>().Where(checkpoint => checkpoint.Root == expectedHead).FirstOrDefaultAsync(cancellation) is { } checkpoint)
            return new RootHead(checkpoint.Id);
        var isLink = await session.Query<AuditChainLink>().AnyAsync(link => link.Hash == expectedHead, cancellation);
        return isLink ? null : new RootHead(null);
    }

    private static async Task<(List<ChainProblem>, long, string?, bool, long)> VerifyChain(
        NpgsqlDataSource database, string tenant, string? expectedHead, RootHead? rootHead, CancellationToken cancellation)
    {
        // Links and events come as two streams, each in its primary key's order, merged here by sequence:
        // a full outer join in SQL would sort the whole log by sequence, on disk past a few thousand events.
        // Links only ever follow committed events, so the links' snapshot is taken first and the events'
        // after it: an event chained meanwhile is read with its link absent (unchained), never a link
        // whose event seems missing.
        await using var linkConnection = await database.OpenConnectionAsync(cancellation);
        long lastLinked;
        // How far the database's chaining has come, over every county in it: an event of this county at or
        // below that sequence and without a link was passed over, not merely not reached yet.
        await using (var head = new NpgsqlCommand($"select coalesce(max(id), 0) from {EventStoreSetup.Schema}.mt_doc_auditchainlink", linkConnection))
            lastLinked = (long)(await head.ExecuteScalarAsync(cancellation))!;
        await using var linkCommand = new NpgsqlCommand(
            $"select l.id, l.data->>'hash' from {EventStoreSetup.Schema}.mt_doc_auditchainlink l where l.tenant_id = @tenant order by l.id", linkConnection);
        linkCommand.Parameters.AddWithValue("tenant", tenant);
        await using var links = await linkCommand.ExecuteReaderAsync(cancellation);
        var hasLink = await links.ReadAsync(cancellation);

        await using var eventConnection = await database.OpenConnectionAsync(cancellation);
        await using var eventCommand = new NpgsqlCommand(
            $"select {StoredEvent.Columns} from {EventStoreSetup.Schema}.mt_events e where e.tenant_id = @tenant order by e.seq_id", eventConnection);
        eventCommand.Parameters.AddWithValue("tenant", tenant);
        await using var events = await eventCommand.ExecuteReaderAsync(cancellation);
        var hasEvent = await events.ReadAsync(cancellation);

        var problems = new List<ChainProblem>();
        var hasher = new LinkHasher();
        // A root as head: the events as stored now, rebuilt into a tree, must have had that root at some size.
        var tree = rootHead is null ? null : new TreeFrontier();
        var leaf = new EventLeaf();
        string storedPrevious = AuditChain.Genesis, recomputed = AuditChain.Genesis;
        var recomputedIntact = true;
        var expectedFound = expectedHead is null;
        long chained = 0, unchained = 0;
        string? lastHash = null;
        void Problem(long sequence, string text) { if (problems.Count < MaxProblems) problems.Add(new(sequence, text)); }

        while (hasLink || hasEvent)
        {
            var linkSequence = hasLink ? links.GetInt64(0) : long.MaxValue;
            var eventSequence = hasEvent ? events.GetInt64(0) : long.MaxValue;
            var sequence = Math.Min(linkSequence, eventSequence);
            var link = linkSequence == sequence ? links.IsDBNull(1) ? null : links.GetString(1) : null;
            var stored = eventSequence == sequence ? StoredEvent.Read(events) : null;
            if (linkSequence == sequence) hasLink = await links.ReadAsync(cancellation);
            if (eventSequence == sequence) hasEvent = await events.ReadAsync(cancellation);

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

            var fromStored = hasher.Link(storedPrevious, stored);
            if (fromStored != link)
                Problem(sequence, "The stored event no longer matches its link: its data, type, stream, version, sequence, recorded instant or recorder was changed, or the link was.");
            if (tree is not null && !expectedFound && (rootHead!.Size is null || tree.Size < rootHead.Size))
            {
                tree.Add(leaf.Hash(stored));
                if ((rootHead.Size is null || tree.Size == rootHead.Size) && AuditTree.Hex(tree.Root()) == expectedHead) expectedFound = true;
            }
            if (recomputedIntact)
            {
                // While nothing has been found, the recomputed chain is the stored one: one hash serves both.
                recomputed = recomputed == storedPrevious ? fromStored : hasher.Link(recomputed, stored);
                if (recomputed == expectedHead) expectedFound = true;
            }
            storedPrevious = link;
            lastHash = link;
            chained++;
        }
        return (problems, chained, lastHash, expectedFound, unchained);
    }
}
