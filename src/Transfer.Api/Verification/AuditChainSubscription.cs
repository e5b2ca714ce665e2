using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Npgsql;
using Transfer.Api.History;
using Weasel.Postgresql;

namespace Transfer.Api.Verification;

/// <summary>
/// Extends each county's audit chain behind Marten's high-water mark, on the async daemon: appends stay
/// fully parallel (nothing in the appending transaction waits for the chain), while the daemon hands over
/// each database's events strictly in sequence order, once every lower sequence is committed or known to
/// be a gap, so no chain can have forks or holes. A database holding several counties holds one chain per
/// county: each event is linked to the previous event of its own county. HotCold mode keeps one chainer
/// per database across all API nodes.
/// </summary>
public sealed class AuditChainSubscription : SubscriptionBase
{
    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellation)
    {
        if (page.Events.Count == 0) return NullChangeListener.Instance;

        await using var connection = await ((PostgresqlDatabase)operations.Database).DataSource.OpenConnectionAsync(cancellation);
        var tenants = page.Events.Select(e => e.TenantId).Distinct().ToArray();
        var previous = await LastLinks(connection, tenants, cancellation);

        var links = new List<(string Tenant, long Sequence, string Hash)>(page.Events.Count);
        var hasher = new LinkHasher();
        foreach (var (tenant, stored) in await StoredEvent.ReadPage(connection, page.Events.Select(e => e.Sequence).ToArray(), cancellation))
        {
            var link = hasher.Link(previous.GetValueOrDefault(tenant, AuditChain.Genesis), stored);
            previous[tenant] = link;
            links.Add((tenant, stored.Sequence, link));
        }
        // Written as SQL with each link's own tenant: the daemon's session belongs to no county, and Marten
        // cannot switch it to one that shares its database (ForTenant refuses those).
        operations.QueueSqlCommand(
            $"insert into {EventStoreSetup.Schema}.mt_doc_auditchainlink (tenant_id, id, data, mt_dotnet_type) " +
            "select tenant_id, id, jsonb_build_object('id', id, 'hash', hash), ? from unnest(?, ?, ?) as link(tenant_id, id, hash) " +
            "on conflict (tenant_id, id) do update set data = excluded.data",
            typeof(AuditChainLink).FullName!,
            links.Select(link => link.Tenant).ToArray(), links.Select(link => link.Sequence).ToArray(), links.Select(link => link.Hash).ToArray());
        return NullChangeListener.Instance;
    }

    /// <summary>The last link of each county's chain so far (absent: the chain has not started).</summary>
    private static async Task<Dictionary<string, string>> LastLinks(NpgsqlConnection connection, string[] tenants, CancellationToken cancellation)
    {
        // One primary-key probe per county, however long its chain.
        await using var command = new NpgsqlCommand(
            $"select t.tenant, (select l.data->>'hash' from {EventStoreSetup.Schema}.mt_doc_auditchainlink l where l.tenant_id = t.tenant order by l.id desc limit 1) " +
            "from unnest(@tenants) as t(tenant)", connection);
        command.Parameters.AddWithValue("tenants", tenants);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var last = new Dictionary<string, string>();
        while (await reader.ReadAsync(cancellation))
            if (!reader.IsDBNull(1)) last[reader.GetString(0)] = reader.GetString(1);
        return last;
    }
}
