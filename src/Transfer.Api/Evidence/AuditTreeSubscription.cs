using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Npgsql;
using Transfer.Api.History;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Transfer.Api.Evidence;

/// <summary>
/// Grows each county's Merkle tree behind Marten's high-water mark, on the async daemon, as the audit chain grows:
/// the daemon hands over each database's events strictly in sequence order, so each county's leaves are numbered
/// 0, 1, 2… with no gap whatever gaps Marten's sequence has. Each new leaf is stored with every complete subtree
/// it completes (at most one per level), in the same transaction as the daemon's progress: a page is added once.
/// </summary>
public sealed class AuditTreeSubscription : SubscriptionBase
{
    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellation)
    {
        if (page.Events.Count == 0) return NullChangeListener.Instance;

        await using var connection = await ((PostgresqlDatabase)operations.Database).DataSource.OpenConnectionAsync(cancellation);
        var growing = new Dictionary<string, TreeFrontier>();
        var rows = new List<(string Tenant, TreeNode Node, byte[] Hash, long? Sequence)>(page.Events.Count * 2);
        var events = await StoredEvent.ReadPage(connection, page.Events.Select(e => e.Sequence).ToArray(), cancellation,
            leaveOut: $"exists (select 1 from {AuditTreeTable.Name} t where t.tenant_id = e.tenant_id and t.level = 0 and t.sequence = e.seq_id)");

        var leaf = new EventLeaf();
        foreach (var (tenant, stored) in events)
        {
            if (!growing.TryGetValue(tenant, out var tree))
                growing[tenant] = tree = await StoredFrontier(connection, tenant, cancellation);
            foreach (var (node, hash) in tree.Add(leaf.Hash(stored)))
                rows.Add((tenant, node, hash, node.Level == 0 ? stored.Sequence : null));
        }
        if (rows.Count == 0) return NullChangeListener.Instance;

        // Written as SQL with each row's own tenant: the daemon's session belongs to no county (see AuditChainSubscription).
        operations.QueueSqlCommand(
            $"insert into {AuditTreeTable.Name} (tenant_id, level, position, hash, sequence) select * from unnest(?, ?, ?, ?, ?)",
            rows.Select(row => row.Tenant).ToArray(), rows.Select(row => row.Node.Level).ToArray(),
            rows.Select(row => row.Node.Position).ToArray(), rows.Select(row => row.Hash).ToArray(), rows.Select(row => row.Sequence).ToArray());
        return NullChangeListener.Instance;
    }

    /// <summary>A county's tree as stored so far: its size and the complete subtrees along its right edge.</summary>
    private static async Task<TreeFrontier> StoredFrontier(NpgsqlConnection connection, string tenant, CancellationToken cancellation)
    {
        var size = await AuditTree.StoredSize(connection, tenant, cancellation);
        var edge = MerkleTree.Nodes(new LeafRange(0, size)).ToList();
        var hashes = await AuditTree.ReadNodes(connection, tenant, edge, cancellation);
        return new TreeFrontier(size, edge.ToDictionary(node => node.Level, node => hashes[node]));
    }
}

/// <summary>The table of every county's tree: leaves (level 0, with their event's sequence) and complete subtrees.</summary>
public static class AuditTreeTable
{
    public const string Name = $"{EventStoreSetup.Schema}.audit_tree";

    /// <summary>Created and kept up to date by Marten's schema management in every county database, beside its own tables.</summary>
    public static Table Define()
    {
        var table = new Table(new PostgresqlObjectName(EventStoreSetup.Schema, "audit_tree", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("tenant_id").AsPrimaryKey();
        table.AddColumn<int>("level").AsPrimaryKey();
        table.AddColumn<long>("position").AsPrimaryKey();
        table.AddColumn("hash", "bytea").NotNull();
        table.AddColumn<long>("sequence").AllowNulls();
        table.Indexes.Add(new IndexDefinition("ix_audit_tree_leaf_sequence")
        {
            Columns = ["tenant_id", "sequence"], IsUnique = true, Predicate = "level = 0",
        });
        return table;
    }
}
