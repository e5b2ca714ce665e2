using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace Transfer.Api.Tests.Verification;

/// <summary>
/// Stored rows as plain SQL, one INSERT a row, for the stored-format fixture: written by
/// <see cref="StoredFormatWriter"/>, loaded and compared by <see cref="StoredFormatTests"/>. PostgreSQL renders
/// every value itself (its text form, quoted), so a row loads back exactly as it was stored: jsonb as its own
/// text, bytea as hex, instants in UTC to the microsecond. Every INSERT names its columns, so a later version
/// that adds a column with a default still loads the rows; one that renames or drops a column the audit
/// depends on fails here, which is the point.
/// </summary>
public static partial class StoredRows
{
    public const string Schema = "transfer";

    /// <summary>
    /// The tables the fixture holds, in the order they load. The audit's own rows: the events and streams, the chain's
    /// links, the Merkle tree, the checkpoints and the keys that signed them, and the async daemon's progression
    /// (without it a new version's daemon would chain and grow the tree again from sequence 0, overwriting the stored
    /// links with its own and hiding the very break the test is for); and the views, which /api/audit/verify compares
    /// with a replay of the events.
    /// </summary>
    public static readonly IReadOnlyList<string> AuditTables =
    [
        "mt_streams", "mt_events", "mt_event_progression",
        "mt_doc_auditchainlink", "audit_tree", "mt_doc_auditcheckpoint", "mt_doc_checkpointkey",
    ];

    /// <summary>The rows the test requires to stay byte for byte as loaded: the chain, the tree, and what was signed.</summary>
    public static readonly IReadOnlyList<string> KeptAsLoaded = ["mt_doc_auditchainlink", "audit_tree", "mt_doc_auditcheckpoint", "mt_doc_checkpointkey"];

    /// <summary>How a fixture's section of one table starts.</summary>
    public const string SectionMarker = "-- table ";

    /// <summary>The session settings every dump runs with, so the text of a value does not depend on the server's defaults.</summary>
    private const string Settings =
        "set timezone = 'UTC'; set datestyle = 'ISO, YMD'; set intervalstyle = 'postgres'; set bytea_output = 'hex'; set extra_float_digits = 3";

    /// <summary>The views: every other table of the schema that holds rows (the documents the projections keep).</summary>
    public static async Task<List<string>> ViewTables(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace " +
            "where n.nspname = @schema and c.relkind = 'r' and c.relname like 'mt_doc_%' and c.relname <> all(@audit) order by c.relname", connection);
        command.Parameters.AddWithValue("schema", Schema);
        command.Parameters.AddWithValue("audit", AuditTables.ToArray());
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var withRows = new List<string>();
        foreach (var table in tables)
        {
            await using var any = new NpgsqlCommand($"select exists (select 1 from {Schema}.{table})", connection);
            if ((bool)(await any.ExecuteScalarAsync())!) withRows.Add(table);
        }
        return withRows;
    }

    /// <summary>One table's section: its marker, then one INSERT a row in primary-key order, every column as stored now.</summary>
    public static async Task<List<string>> Section(NpgsqlConnection connection, string table) =>
        [SectionMarker + table, .. await Rows(connection, table, await Columns(connection, table))];

    /// <summary>The rows of a table as INSERT statements over the given columns (SQL identifiers, as a section names them), in primary-key order.</summary>
    public static async Task<List<string>> Rows(NpgsqlConnection connection, string table, IReadOnlyList<string> columns)
    {
        await using (var settings = new NpgsqlCommand(Settings, connection)) await settings.ExecuteNonQueryAsync();
        var key = await PrimaryKey(connection, table);
        var values = string.Join(" || ', ' || ", columns.Select(column => $"quote_nullable(t.{column}::text)"));
        await using var command = new NpgsqlCommand(
            $"select 'insert into {Schema}.{table} ({string.Join(", ", columns)}) values (' || {values} || ');' " +
            $"from {Schema}.{table} t order by {string.Join(", ", key.Select(column => "t." + column))}", connection);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }

    /// <summary>Where Marten's sequences stand (the events' sequence): set again after the rows load, so new events follow them.</summary>
    public static async Task<List<string>> Sequences(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "select format('select setval(%L, %s, %s);', schemaname || '.' || sequencename, coalesce(last_value, 1), " +
            "case when last_value is null then 'false' else 'true' end) " +
            // Marten's own (the events' sequence), not Wolverine's, whose tables share the schema but are no part of the audit.
            "from pg_sequences where schemaname = @schema and sequencename like 'mt\\_%' order by sequencename", connection);
        command.Parameters.AddWithValue("schema", Schema);
        var lines = new List<string> { "-- sequences" };
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return lines;
    }

    /// <summary>The columns a table stores (generated ones left out: they are computed again on load), as SQL identifiers.</summary>
    private static async Task<List<string>> Columns(NpgsqlConnection connection, string table)
    {
        await using var command = new NpgsqlCommand(
            "select quote_ident(a.attname) from pg_attribute a where a.attrelid = (@schema || '.' || @table)::regclass " +
            "and a.attnum > 0 and not a.attisdropped and a.attgenerated = '' order by a.attnum", connection);
        command.Parameters.AddWithValue("schema", Schema);
        command.Parameters.AddWithValue("table", table);
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        return columns;
    }

    private static async Task<List<string>> PrimaryKey(NpgsqlConnection connection, string table)
    {
        await using var command = new NpgsqlCommand(
            "select quote_ident(a.attname) from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey) " +
            "where i.indrelid = (@schema || '.' || @table)::regclass and i.indisprimary order by array_position(i.indkey::int2[], a.attnum)", connection);
        command.Parameters.AddWithValue("schema", Schema);
        command.Parameters.AddWithValue("table", table);
        var key = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) key.Add(reader.GetString(0));
        if (key.Count == 0) throw new InvalidOperationException($"{Schema}.{table} has no primary key to order its rows by.");
        return key;
    }

    /// <summary>A fixture read back: its sections by table, each its INSERT lines.</summary>
    public static Dictionary<string, List<string>> Sections(string fixture)
    {
        var sections = new Dictionary<string, List<string>>();
        List<string>? current = null;
        foreach (var line in fixture.Split('\n'))
        {
            if (line.StartsWith(SectionMarker, StringComparison.Ordinal)) sections[line[SectionMarker.Length..]] = current = [];
            else if (line.StartsWith("insert into ", StringComparison.Ordinal)) current!.Add(line);
            else if (line.StartsWith("--", StringComparison.Ordinal)) current = null;
        }
        return sections;
    }

    /// <summary>The columns a section's INSERT statements name.</summary>
    public static IReadOnlyList<string> ColumnsOf(IReadOnlyList<string> section) =>
        InsertColumns().Match(section[0]) is { Success: true } match
            ? match.Groups[1].Value.Split(", ")
            : throw new InvalidOperationException("Not an INSERT of a section: " + section[0]);

    [GeneratedRegex(@"^insert into \S+ \(([^)]*)\) values ")]
    private static partial Regex InsertColumns();

    /// <summary>The fixture's text as one script: its statements, run in one transaction by the loader.</summary>
    public static string Script(IEnumerable<IEnumerable<string>> sections)
    {
        var text = new StringBuilder();
        foreach (var section in sections)
            foreach (var line in section) text.Append(line).Append('\n');
        return text.ToString();
    }
}
