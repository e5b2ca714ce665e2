using System.Globalization;
using Marten;
using Transfer.Api.Counties;
using Transfer.Api.Security;
using Transfer.Domain.Workstreams;

namespace Transfer.Api.History;

public sealed record EventPage(IReadOnlyList<AuditEvent> Events, long? Next);

// Auditors (and the PMO) replay the history: who posted what, when, and what it said.
public static class HistoryEndpoints
{
    public const int MaxPage = 1000;
    private const int DefaultPage = 100;

    [WolverineGet("/api/workstreams/{id}/history", OperationId = "GetWorkstreamHistory", Summary = "A workstream's history, event by event"), Authorize(Roles = Roles.Auditors)]
    [Tags(ApiTags.Audit), Refuses(404)]
    [ProducesResponseType<IReadOnlyList<AuditEvent>>(StatusCodes.Status200OK)]
    public static async Task<IResult> History(string id, IQuerySession session, AuditLog log, HttpContext http, CancellationToken cancellation)
    {
        if (await session.LoadAsync<Workstream>(id, cancellation) is null)
            return Problems.NotFound("workstream", id);
        return Results.Ok(await log.Read(new AuditQuery(http.County(), StreamId: id), cancellation).ToListAsync(cancellation));
    }

    [WolverineGet("/api/audit/events", OperationId = "GetEventLog", Summary = "The event log, filtered and paged, as JSON, CSV or Excel",
        Description = "Every event in sequence order, with its place in the audit chain. A JSON page's next (or a file's X-Next-After) is the " +
                      "after= of the page after it. CSV starts with a UTF-8 BOM (delimiter=semicolon for Finnish Excel); a file asked " +
                      "for without a limit holds the whole selection."), Authorize(Roles = Roles.Auditors)]
    [Tags(ApiTags.Audit), Refuses(400), Exports(Csv = true)]
    [SendsHeader("X-Next-After", "On a CSV or Excel page: the after= of the next page (absent on the last one).")]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RequestLimits.Expensive)]
    [ProducesResponseType<EventPage>(StatusCodes.Status200OK)]
    [EventLogParameters, WholeLogAsFile]
    public static async Task<IResult> Events(
        string? workstreamId, string? organisationId, string? type, string? from, string? to, string? after, string? limit, string? format,
        string? delimiter, string? importId, HttpContext http, AuditLog log, CancellationToken cancellation)
    {
        var asked = FileAsked(http.Request);
        var (csv, xlsx) = (asked == "csv", asked == "xlsx");
        var fields = new RequestFields();
        var query = new AuditQuery(
            http.County(),
            StreamId: fields.OptionalId("workstreamId", workstreamId),
            ImportId: importId,
            OrganisationId: fields.OptionalId("organisationId", organisationId),
            Type: type,
            From: fields.OptionalInstant("from", from),
            To: fields.OptionalInstant("to", to),
            After: fields.OptionalNumber("after", after, 0, long.MaxValue) ?? 0,
            Limit: (int?)fields.OptionalNumber("limit", limit, 1, MaxPage) ?? (csv || xlsx ? null : DefaultPage));
        if (importId is not null && (importId.Length != 32 || !importId.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'))))
            fields.Add("importId", "must be an import's id, as its answer gives it: 32 hexadecimal characters");
        if (type is not null && !AuditLog.EventTypes.Contains(type))
            fields.Add("type", $"must be one of {string.Join(", ", AuditLog.EventTypes)}");
        if (format is not null and not "csv" and not "json" and not "xlsx")
            fields.Add("format", "must be csv, json or xlsx");
        if (delimiter is not null and not "comma" and not "semicolon")
            fields.Add("delimiter", "must be comma or semicolon");
        if (fields.Problem() is { } problem) return problem;

        if (xlsx)
            return new XlsxResult(log, query);
        if (!csv)
        {
            var events = await log.Read(query, cancellation).ToListAsync(cancellation);
            return Results.Ok(new EventPage(events, events.Count == query.Limit ? events[^1].Sequence : null));
        }
        return new CsvResult(log, query, delimiter == "semicolon" ? ';' : ',');
    }

    /// <summary>
    /// Writes the selection as CSV a page at a time: each page is read on a connection of its own, which
    /// goes back to the pool before the page is written, so a client that reads slowly holds no database
    /// connection while it does. A page asked for with a limit says where the next one starts
    /// (X-Next-After), as the JSON page's "next" does: known before the body starts.
    /// </summary>
    private sealed class CsvResult(AuditLog log, AuditQuery query, char delimiter) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var page = await Page(query.After, http.RequestAborted);
            if (query.Limit is { } limit && page.Count == limit)
                http.Response.Headers["X-Next-After"] = page[^1].Sequence.ToString(CultureInfo.InvariantCulture);
            http.Response.ContentType = EventLogCsv.ContentType;
            http.Response.Headers.ContentDisposition = "attachment; filename=\"transfer-events.csv\"";
            await using var csv = new EventLogCsv(http.Response.Body, delimiter);
            await csv.WriteHeader();
            while (true)
            {
                foreach (var e in page) await csv.Write(e);
                if (query.Limit is not null || page.Count < MaxPage) return;
                await csv.Flush();
                page = await Page(page[^1].Sequence, http.RequestAborted);
            }
        }

        private async Task<List<AuditEvent>> Page(long after, CancellationToken cancellation) =>
            await log.Read(query with { After = after, Limit = query.Limit ?? MaxPage }, cancellation).ToListAsync(cancellation);
    }

    /// <summary>The file the event log is asked for ("csv" or "xlsx", by ?format= or Accept), or null for the JSON page.</summary>
    public static string? FileAsked(HttpRequest request)
    {
        var accepts = request.GetTypedHeaders().Accept;
        var format = request.Query["format"].ToString();
        if (format == "xlsx" || accepts.Any(accept => accept.MediaType == MediaTypes.Xlsx)) return "xlsx";
        if (format == "csv" || accepts.Any(accept => accept.MediaType == MediaTypes.Csv)) return "csv";
        return null;
    }

    private sealed class XlsxResult(AuditLog log, AuditQuery query) : IResult
    {
        public Task ExecuteAsync(HttpContext http) => EventLogXlsx.Write(http, log, query, MaxPage);
    }
}
