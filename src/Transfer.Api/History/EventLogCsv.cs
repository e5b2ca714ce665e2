using System.Globalization;
using CsvHelper;

namespace Transfer.Api.History;

/// <summary>
/// The event log as a CSV file an auditor opens without a fight, written by CsvHelper: a UTF-8 BOM (so
/// Excel reads ä and ö), comma- or semicolon-separated (Finnish Excel opens the latter by double-click),
/// RFC 4180 quoting, and cells a spreadsheet would run as formulas escaped with a leading apostrophe, as
/// OWASP advises. The columns are <see cref="EventLogColumns"/>.
/// </summary>
public sealed class EventLogCsv : IAsyncDisposable
{
    public const string ContentType = "text/csv; charset=utf-8; header=present";

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
        foreach (var column in EventLogColumns.Names) csv.WriteField(column);
        await csv.EndRecordAsync();
    }

    public async Task Write(AuditEvent e)
    {
        foreach (var value in EventLogColumns.Values(e)) csv.WriteField(Text(value));
        await csv.EndRecordAsync();
    }

    public Task Flush() => csv.FlushAsync().AsTask();

    public ValueTask DisposeAsync() => csv.DisposeAsync();

    private static string? Text(object? value) => value switch
    {
        null => null,
        string text => text,
        long number => number.ToString(CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        // The recorded instant: PostgreSQL keeps microseconds; UTC, marked so.
        DateTime { Kind: DateTimeKind.Utc } instant => instant.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
        // Helsinki time, in the form Excel reads as a date and time.
        DateTime local => local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
