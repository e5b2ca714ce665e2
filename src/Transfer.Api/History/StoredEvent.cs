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
}
