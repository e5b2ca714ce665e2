using System.Globalization;
using MiniExcelLibs;

namespace Transfer.Api.History;

/// <summary>
/// The event log as an .xlsx workbook, written by MiniExcel: the columns of <see cref="EventLogColumns"/>,
/// numbers as numbers, the business date and both recorded instants as date cells. MiniExcel writes
/// synchronously and Kestrel allows no synchronous writes to a response, so the workbook is written to
/// a temporary file on a thread of its own, reading the selection a page at a time (memory stays one
/// page), and then sent.
/// </summary>
public static class EventLogXlsx
{

    /// <param name="pageSize">Rows read at a time when the selection has no limit.</param>
    public static async Task Write(HttpContext http, AuditLog log, AuditQuery query, int pageSize)
    {
        await using var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        var written = new Written();
        await Task.Run(() => MiniExcel.SaveAs(file, Rows(log, query, pageSize, written), sheetName: "Events"), http.RequestAborted);

        if (query.Limit is { } limit && written.Count == limit)
            http.Response.Headers["X-Next-After"] = written.Last.ToString(CultureInfo.InvariantCulture);
        http.Response.ContentType = MediaTypes.Xlsx;
        http.Response.Headers.ContentDisposition = "attachment; filename=\"transfer-events.xlsx\"";
        file.Position = 0;
        await file.CopyToAsync(http.Response.Body, http.RequestAborted);
    }

    private sealed class Written
    {
        public int Count;
        public long Last;
    }

    private static IEnumerable<IDictionary<string, object?>> Rows(AuditLog log, AuditQuery query, int pageSize, Written written)
    {
        var after = query.After;
        while (true)
        {
            var page = log.ReadPage(query with { After = after, Limit = query.Limit ?? pageSize });
            foreach (var e in page)
            {
                var values = EventLogColumns.Values(e);
                var row = new Dictionary<string, object?>(values.Length);
                for (var i = 0; i < values.Length; i++)
                    row[EventLogColumns.Names[i]] = values[i] is DateOnly date ? date.ToDateTime(TimeOnly.MinValue) : values[i];
                written.Count++;
                written.Last = e.Sequence;
                yield return row;
            }
            if (query.Limit is not null || page.Count < pageSize) yield break;
            after = page[^1].Sequence;
        }
    }
}
