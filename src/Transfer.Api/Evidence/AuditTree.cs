using Npgsql;
using Transfer.Api.Counties;

namespace Transfer.Api.Evidence;

/// <param name="Leaf">The leaf hash of the event at <paramref name="Index"/>.</param>
/// <param name="Path">The RFC 9162 inclusion path, from the leaf up.</param>
public sealed record InclusionProof(long Index, long Size, string Leaf, IReadOnlyList<string> Path);

public sealed record ConsistencyProof(long From, long Size, IReadOnlyList<string> Path);

/// <summary>
/// Reads a county's Merkle tree: its size, the root at any size it has had, and proofs. Every answer folds stored
/// complete subtrees fetched in one query, O(log² n) of them at most, however long the history.
/// </summary>
public sealed class AuditTree(CountyStores stores)
{
    /// <summary>How many events the county's tree holds (the events chained into it so far).</summary>
    public async Task<long> Size(County county, CancellationToken cancellation)
    {
        await using var connection = await stores.Database(county).OpenConnectionAsync(cancellation);
        return await StoredSize(connection, county.TenantId, cancellation);
    }

    /// <summary>The root of the tree as it was at <paramref name="size"/> leaves (at most the current size).</summary>
    public async Task<byte[]> Root(County county, long size, CancellationToken cancellation) =>
        (await Hashes(county, [new LeafRange(0, size)], cancellation))[0];

    public async Task<InclusionProof> Inclusion(County county, long index, long size, CancellationToken cancellation)
    {
        var path = MerkleTree.InclusionPath(index, size);
        var hashes = await Hashes(county, [new LeafRange(index, index + 1), .. path], cancellation);
        return new InclusionProof(index, size, Hex(hashes[0]), hashes.Skip(1).Select(Hex).ToList());
    }

    public async Task<ConsistencyProof> Consistency(County county, long from, long size, CancellationToken cancellation)
    {
        var hashes = await Hashes(county, MerkleTree.ConsistencyPath(from, size), cancellation);
        return new ConsistencyProof(from, size, hashes.Select(Hex).ToList());
    }

    /// <summary>The hash of each range, each a range of the tree as RFC 9162 splits it.</summary>
    public async Task<List<byte[]>> Hashes(County county, IReadOnlyList<LeafRange> ranges, CancellationToken cancellation)
    {
        await using var connection = await stores.Database(county).OpenConnectionAsync(cancellation);
        var nodes = await ReadNodes(connection, county.TenantId, ranges.SelectMany(MerkleTree.Nodes).Distinct().ToList(), cancellation);
        return ranges.Select(range => MerkleTree.RangeHash(range, node => nodes[node])).ToList();
    }

    public static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);

    internal static async Task<long> StoredSize(NpgsqlConnection connection, string tenant, CancellationToken cancellation)
    {
        // The last leaf by primary key: one index probe, however long the history.
        await using var command = new NpgsqlCommand(
            $"select coalesce((select position + 1 from {AuditTreeTable.Name} where tenant_id = @tenant and level = 0 order by position desc limit 1), 0)",
            connection);
        command.Parameters.AddWithValue("tenant", tenant);
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

    internal static async Task<Dictionary<TreeNode, byte[]>> ReadNodes(
        NpgsqlConnection connection, string tenant, IReadOnlyList<TreeNode> nodes, CancellationToken cancellation)
    {
        var found = new Dictionary<TreeNode, byte[]>(nodes.Count);
        if (nodes.Count == 0) return found;
        await using var command = new NpgsqlCommand(
            $"select t.level, t.position, t.hash from {AuditTreeTable.Name} t join unnest(@levels, @positions) as wanted(level, position) " +
            "on t.tenant_id = @tenant and t.level = wanted.level and t.position = wanted.position", connection);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("levels", nodes.Select(node => node.Level).ToArray());
        command.Parameters.AddWithValue("positions", nodes.Select(node => node.Position).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            found[new TreeNode(reader.GetInt32(0), reader.GetInt64(1))] = reader.GetFieldValue<byte[]>(2);
        if (found.Count < nodes.Count)
            throw new InvalidOperationException($"The audit tree of {tenant} lacks {nodes.Count - found.Count} of the subtrees asked for: it was altered, or asked beyond its size.");
        return found;
    }
}
