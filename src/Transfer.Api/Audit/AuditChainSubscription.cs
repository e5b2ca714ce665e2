using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Npgsql;

namespace Transfer.Api.Audit;

/// <summary>
/// Extends the audit chain behind Marten's high-water mark, on the async daemon: appends stay fully
/// parallel (nothing in the appending transaction waits for the chain), while the daemon hands over
/// events strictly in sequence order, once every lower sequence is committed or known to be a gap, so
/// the chain can have neither forks nor holes. HotCold mode keeps one chainer across all API nodes.
/// </summary>
public sealed class AuditChainSubscription(NpgsqlDataSource database) : SubscriptionBase
{
    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellation)
    {
        if (page.Events.Count == 0) return NullChangeListener.Instance;

        await using var connection = await database.OpenConnectionAsync(cancellation);
        var previous = await LastLink(connection, cancellation);

        await using var command = new NpgsqlCommand(
            $"select {AuditChain.StoredEventColumns} from {MartenSetup.Schema}.mt_events e where e.seq_id = any(@sequences) order by e.seq_id", connection);
        command.Parameters.AddWithValue("sequences", page.Events.Select(e => e.Sequence).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var hasher = new LinkHasher();
        while (await reader.ReadAsync(cancellation))
        {
            var stored = AuditChain.ReadStored(reader);
            previous = hasher.Link(previous, stored);
            operations.Store(new AuditChainLink(stored.Sequence, previous));
        }
        return NullChangeListener.Instance;
    }

    private static async Task<string> LastLink(NpgsqlConnection connection, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"select data->>'hash' from {MartenSetup.Schema}.mt_doc_auditchainlink order by id desc limit 1", connection);
        return await command.ExecuteScalarAsync(cancellation) as string ?? AuditChain.Genesis;
    }
}
