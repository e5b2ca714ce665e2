using Npgsql;

namespace Transfer.Api.Audit;

/// <summary>An event row exactly as PostgreSQL holds it: what the chain covers.</summary>
public sealed record StoredEvent(
    long Sequence, string StreamId, long Version, string Type, string Data, string? OccurredOn, DateTimeOffset RecordedAt, string? RecordedBy);

/// <summary>One link of the chain: the hash over the previous link and one event.</summary>
public sealed record AuditChainLink(long Id, string Hash);

/// <summary>
/// The tamper-evidence chain: each event's link is SHA-256 over the previous link and the event's
/// stream, version, sequence, type, data, business date, recorded instant and recorder, as stored, in
/// sequence order. Changing any of them in the database, deleting or reordering rows, breaks every link
/// from there on; only someone who rewrites the whole chain as well goes unseen, unless an auditor kept
/// an earlier head to compare with.
/// </summary>
public static class AuditChain
{
    /// <summary>The link before the first event.</summary>
    public const string Genesis = "";

    /// <summary>How the chain, the Merkle tree's leaves and the evidence bundle write a recorded instant: UTC, to the microsecond PostgreSQL keeps.</summary>
    public const string RecordedAtFormat = "yyyy-MM-ddTHH:mm:ss.ffffffZ";

    /// <summary>The columns of a stored event row (aliased e) that <see cref="ReadStored"/> reads, in its order.</summary>
    public const string StoredEventColumns =
        "e.seq_id, e.stream_id, e.version, e.type, e.data::text, e.data->>'occurredOn', e.timestamp, e.user_name";

    public static StoredEvent ReadStored(NpgsqlDataReader reader, int offset = 0) => new(
        reader.GetInt64(offset), reader.GetString(offset + 1), reader.GetInt64(offset + 2), reader.GetString(offset + 3),
        reader.GetString(offset + 4), reader.IsDBNull(offset + 5) ? null : reader.GetString(offset + 5),
        reader.GetFieldValue<DateTimeOffset>(offset + 6), reader.IsDBNull(offset + 7) ? null : reader.GetString(offset + 7));

    /// <summary>The link after <paramref name="previous"/> for one stored event (see <see cref="LinkHasher"/>).</summary>
    public static string Link(string previous, StoredEvent e) => new LinkHasher().Link(previous, e);
}
