using Npgsql;

namespace Transfer.Api.History;

/// <summary>An event row exactly as PostgreSQL holds it: what the audit chain and the evidence tree cover (see <see cref="CanonicalEvent"/>).</summary>
public sealed record StoredEvent(
    long Sequence, string StreamId, long Version, string Type, string Data, string? OccurredOn, DateTimeOffset RecordedAt, string? RecordedBy)
{
    /// <summary>How a recorded instant is written wherever an event is encoded or handed out: UTC, to the microsecond PostgreSQL keeps.</summary>
    public const string RecordedAtFormat = "yyyy-MM-ddTHH:mm:ss.ffffffZ";

    /// <summary>The columns of an event row (aliased e) that <see cref="Read"/> reads, in its order.</summary>
    public const string Columns = "e.seq_id, e.stream_id, e.version, e.type, e.data::text, e.data->>'occurredOn', e.timestamp, e.user_name";

    /// <summary>The event of the row <paramref name="reader"/> is on, its <see cref="Columns"/> from <paramref name="offset"/>.</summary>
    public static StoredEvent Read(NpgsqlDataReader reader, int offset = 0) => new(
        reader.GetInt64(offset), reader.GetString(offset + 1), reader.GetInt64(offset + 2), reader.GetString(offset + 3),
        reader.GetString(offset + 4), reader.IsDBNull(offset + 5) ? null : reader.GetString(offset + 5),
        reader.GetFieldValue<DateTimeOffset>(offset + 6), reader.IsDBNull(offset + 7) ? null : reader.GetString(offset + 7));

    /// <summary>
    /// The events of a page the async daemon hands over, each with its county's tenant, in sequence order: what the audit
    /// chain and the evidence tree are grown from. <paramref name="leaveOut"/>, an SQL condition on the row (aliased e),
    /// leaves out those already taken.
    /// </summary>
    public static async Task<List<(string Tenant, StoredEvent Event)>> ReadPage(
        NpgsqlConnection connection, long[] sequences, CancellationToken cancellation, string? leaveOut = null)
    {
        await using var command = new NpgsqlCommand(
            $"select e.tenant_id, {Columns} from {Hosting.EventStoreSetup.Schema}.mt_events e " +
            $"where e.seq_id = any(@sequences){(leaveOut is null ? "" : $" and not ({leaveOut})")} order by e.seq_id", connection);
        command.Parameters.AddWithValue("sequences", sequences);
        var events = new List<(string Tenant, StoredEvent Event)>(sequences.Length);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            events.Add((reader.GetString(0), Read(reader, offset: 1)));
        return events;
    }
}
