using Microsoft.Extensions.Diagnostics.HealthChecks;
using Transfer.Api.Counties;

namespace Transfer.Api.Verification;

/// <summary>
/// Whether the async daemon keeps up: the audit chain follows new events within about a second, so an
/// event left unchained for longer than <see cref="Stalled"/> means no node is running the daemon for its
/// database (or it is stuck). That is reported as degraded rather than healthy: writes and boards still
/// work, but nothing new is being chained. Each database the counties live in has a daemon of its own.
/// </summary>
public sealed class AuditChainHealthCheck(CountyCatalog counties, CountyStores stores) : IHealthCheck
{
    public static readonly TimeSpan Stalled = TimeSpan.FromSeconds(30);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stalled = new List<string>();
        long behindInAll = 0;
        foreach (var database in counties.All.Select(stores.Database).Distinct())
        {
            await using var command = database.CreateCommand($"""
                select (select max(seq_id) from {EventStoreSetup.Schema}.mt_events) - p.last_seq_id,
                       now() - (select e.timestamp from {EventStoreSetup.Schema}.mt_events e where e.seq_id > p.last_seq_id order by e.seq_id limit 1)
                from (select coalesce((select last_seq_id from {EventStoreSetup.Schema}.mt_event_progression where name = @chain), 0) as last_seq_id) p
                """);
            command.Parameters.AddWithValue("chain", $"{nameof(AuditChainSubscription)}:All");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var behind = reader.IsDBNull(0) ? 0 : reader.GetInt64(0);
            var waiting = reader.IsDBNull(1) ? TimeSpan.Zero : reader.GetFieldValue<TimeSpan>(1);
            behindInAll += Math.Max(0, behind);
            if (behind > 0 && waiting > Stalled)
                stalled.Add($"database {new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString).Database}: " +
                            $"{behind} events behind, the oldest waiting {waiting.TotalSeconds:0} s");
        }
        return stalled.Count > 0
            ? HealthCheckResult.Degraded($"The audit chain is stalled ({string.Join("; ", stalled)}). Is an API node running the async daemon?")
            : HealthCheckResult.Healthy($"The audit chain is {behindInAll} events behind.");
    }
}
