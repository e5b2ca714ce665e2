using System.Globalization;
using System.Reflection;
using System.Text.Json;
using CsvHelper;

namespace Transfer.Api.Audit;

/// <summary>
/// The event log as a CSV file an auditor opens without a fight, written by CsvHelper: a UTF-8 BOM (so
/// Excel reads ä and ö), comma- or semicolon-separated (Finnish Excel opens the latter by double-click),
/// RFC 4180 quoting, and cells a spreadsheet would run as formulas escaped with a leading apostrophe, as
/// OWASP advises. The first eight columns are the event as recorded, as they have always been; then the
/// recorded instant in Helsinki time, the chain link that ties the row to a verified head, and each fact
/// an event states as a column of its own (organisation, reference, dimension, rag...) to filter by.
/// </summary>
public sealed class EventLogCsv : IAsyncDisposable
{
    public const string ContentType = "text/csv; charset=utf-8; header=present";

    private static readonly TimeZoneInfo Helsinki = TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki");

    /// <summary>Every single-valued field any event states, in the JSON's names, minus the ones already columns.</summary>
    public static readonly IReadOnlyList<string> FactColumns = Domain.Common.EventTypes.All
        .SelectMany(type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        .Where(property => IsSingleValue(property.PropertyType))
        .Select(property => JsonNamingPolicy.CamelCase.ConvertName(property.Name))
        .Where(name => name is not "occurredOn")
        .Distinct()
        .ToList();

    public static readonly IReadOnlyList<string> Columns =
        ["sequence", "streamId", "version", "type", "occurredOn", "recordedAt", "recordedBy", "data", "recordedAtHelsinki", "link", .. FactColumns];

    private readonly CsvWriter csv;

    /// <param name="delimiter">',' or ';'.</param>
    public EventLogCsv(Stream body, char delimiter) =>
        csv = CsvWriter.Create(body, new CsvWriterOptions
        {
            Separator = delimiter,
            WriteByteOrderMark = true,
            Injection = CsvInjection.Escape,
        }, leaveOpen: true);

    public async Task WriteHeader()
    {
        foreach (var column in Columns) csv.WriteField(column);
        await csv.EndRecordAsync();
    }

    public async Task Write(AuditEvent e)
    {
        csv.WriteField(e.Sequence.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(e.StreamId);
        csv.WriteField(e.Version.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(e.Type);
        csv.WriteField(e.OccurredOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        // PostgreSQL keeps microseconds; UTC, marked so.
        csv.WriteField(e.RecordedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture));
        csv.WriteField(e.RecordedBy);
        csv.WriteField(e.Data.GetRawText());
        // The form Excel reads as a date and time.
        csv.WriteField(TimeZoneInfo.ConvertTime(e.RecordedAt, Helsinki).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        csv.WriteField(e.Link);
        foreach (var fact in FactColumns)
            csv.WriteField(e.Data.ValueKind == JsonValueKind.Object && e.Data.TryGetProperty(fact, out var value) ? Text(value) : null);
        await csv.EndRecordAsync();
    }

    public Task Flush() => csv.FlushAsync().AsTask();

    public ValueTask DisposeAsync() => csv.DisposeAsync();

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Object or JsonValueKind.Array => null,
        _ => value.GetRawText(),
    };

    private static bool IsSingleValue(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(string) || underlying == typeof(DateOnly) || underlying == typeof(decimal);
    }
}
