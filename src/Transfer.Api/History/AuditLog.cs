using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Transfer.Api.History;

/// <summary>One recorded event as auditors see it: where it sits, what it says, when and by whom it was recorded.</summary>
/// <param name="Type">The event's name in the domain, e.g. ContractTransferred.</param>
/// <param name="OccurredOn">The business date the event states, when it states one.</param>
/// <param name="Data">The event exactly as stored.</param>
/// <param name="Link">The event's link in the tamper-evidence chain, once chained (within about a second).</param>
/// <param name="ImportId">The import that recorded it, with <paramref name="ImportRow"/>, its row in the file; null for a single posting.</param>
public sealed record AuditEvent(
    long Sequence, string StreamId, long Version, string Type, DateOnly? OccurredOn, DateTimeOffset RecordedAt, string? RecordedBy,
    JsonElement Data, string? Link, string? ImportId = null, int? ImportRow = null);

/// <param name="County">Whose log: only that county's events, from its database.</param>
/// <param name="ImportId">Only the events one import recorded.</param>
/// <param name="After">Only events with a higher sequence.</param>
/// <param name="Limit">At most this many; null for all (CSV export streams the whole selection).</param>
public sealed record AuditQuery(
    Counties.County County, string? StreamId = null, string? ImportId = null, string? OrganisationId = null, string? Type = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, long After = 0, int? Limit = null);

/// <summary>
/// Reads the event log straight from Marten's event table, in sequence order, row by row: the data as
/// stored (not re-serialised), and constant memory however long the selection.
/// </summary>
public sealed class AuditLog(Counties.CountyStores stores, Marten.IDocumentStore store)
{
    /// <summary>Each event type's domain name (ContractTransferred) by the name Marten stores it under (contract_transferred), and back.</summary>
    private readonly Dictionary<string, string> domainNames = store.Options.Events.AllKnownEventTypes()
        .ToDictionary(type => type.EventTypeName, type => type.EventType.Name, StringComparer.Ordinal);

    private readonly Dictionary<string, string> storedNames = store.Options.Events.AllKnownEventTypes()
        .ToDictionary(type => type.EventType.Name, type => type.EventTypeName, StringComparer.Ordinal);

    public async IAsyncEnumerable<AuditEvent> Read(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var command = Command(query);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            yield return FromRow(reader);
    }

    /// <summary>
    /// One page of the selection, read synchronously: for a writer that pulls rows as it goes (the
    /// workbook export, which runs on a thread of its own), without blocking on an asynchronous read.
    /// </summary>
    public List<AuditEvent> ReadPage(AuditQuery query)
    {
        using var command = Command(query);
        using var reader = command.ExecuteReader();
        var page = new List<AuditEvent>();
        while (reader.Read()) page.Add(FromRow(reader));
        return page;
    }

    private NpgsqlCommand Command(AuditQuery query)
    {
        var sql = new StringBuilder($"""
            select seq_id, stream_id, version, type, data::text, timestamp, user_name,
                   (select l.data->>'hash' from {EventStoreSetup.Schema}.mt_doc_auditchainlink l where l.tenant_id = @tenant and l.id = seq_id),
                   headers->>'{Importing.Importer.ImportIdHeader}', (headers->>'{Importing.Importer.ImportRowHeader}')::int
            from {EventStoreSetup.Schema}.mt_events where tenant_id = @tenant and seq_id > @after
            """);
        var command = stores.Database(query.County).CreateCommand();
        command.Parameters.AddWithValue("tenant", query.County.TenantId);
        command.Parameters.AddWithValue("after", query.After);
        if (query.ImportId is not null)
        {
            sql.Append($" and headers->>'{Importing.Importer.ImportIdHeader}' = @import");
            command.Parameters.AddWithValue("import", query.ImportId);
        }
        if (query.StreamId is not null)
        {
            sql.Append(" and stream_id = @stream");
            command.Parameters.AddWithValue("stream", query.StreamId);
        }
        if (query.OrganisationId is not null)
        {
            // Events about the organisation: its registration, what it posted, and targets set for it.
            sql.Append(" and (stream_id = @organisationStream or data->>'organisationId' = @organisation or data->'targets' @> @asTarget)");
            command.Parameters.AddWithValue("organisationStream", Domain.Common.StreamKeys.Organisation(query.OrganisationId));
            command.Parameters.AddWithValue("organisation", query.OrganisationId);
            command.Parameters.Add(new NpgsqlParameter("asTarget", NpgsqlDbType.Jsonb)
            {
                Value = JsonSerializer.Serialize(new[] { new { organisationId = query.OrganisationId } }),
            });
        }
        if (query.Type is not null)
        {
            sql.Append(" and type = @type");
            command.Parameters.AddWithValue("type", storedNames[query.Type]);
        }
        if (query.From is { } from)
        {
            sql.Append(" and timestamp >= @from");
            command.Parameters.AddWithValue("from", from.ToUniversalTime());
        }
        if (query.To is { } to)
        {
            sql.Append(" and timestamp <= @to");
            command.Parameters.AddWithValue("to", to.ToUniversalTime());
        }
        sql.Append(" order by seq_id");
        if (query.Limit is { } limit)
        {
            sql.Append(" limit @limit");
            command.Parameters.AddWithValue("limit", limit);
        }
        command.CommandText = sql.ToString();
        return command;
    }

    private AuditEvent FromRow(NpgsqlDataReader reader)
    {
        using var data = JsonDocument.Parse(reader.GetString(4));
        return new AuditEvent(
            reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), domainNames.GetValueOrDefault(reader.GetString(3), reader.GetString(3)),
            data.RootElement.TryGetProperty("occurredOn", out var occurredOn) && occurredOn.ValueKind == JsonValueKind.String
                ? DateOnly.Parse(occurredOn.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                : null,
            reader.GetFieldValue<DateTimeOffset>(5),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            data.RootElement.Clone(),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            reader.IsDBNull(8) ? null : reader.GetString(8),
            reader.IsDBNull(9) ? null : reader.GetInt32(9));
    }

    /// <summary>The event types there are, by their domain names, for validating a type filter.</summary>
    public static readonly IReadOnlyList<string> EventTypes = Domain.Common.EventTypes.All.Select(type => type.Name).ToList();
}
