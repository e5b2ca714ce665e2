using System.Text.Json;
using MiniExcelLibs;
using Transfer.Domain.Common;
using Transfer.Domain.Readiness;

namespace Transfer.Api.Boards;

/// <summary>
/// The status views as .xlsx workbooks (MiniExcel), for <c>format=xlsx</c> or <c>Accept:</c> the .xlsx
/// type: one sheet per table the board holds, colours and kinds written as the API writes them, counts
/// as numbers and dates as date cells. Boards are small, so a workbook is made in memory.
/// </summary>
public static class BoardWorkbook
{
    /// <summary>Whether the client asked for a workbook; a <paramref name="format"/> other than json or xlsx is an error.</summary>
    public static bool Asked(HttpContext http, string? format, RequestFields fields)
    {
        if (format is not null and not "json" and not "xlsx") fields.Add("format", "must be json or xlsx");
        return format == "xlsx" || http.Request.GetTypedHeaders().Accept.Any(accept => accept.MediaType == MediaTypes.Xlsx);
    }

    public static IResult Portfolio(PortfolioBoard board) => Answer("portfolio", new()
    {
        ["Sections"] = board.Groups.Select(top => Rollup(top.Id, top.Name, top.Rag, top.Counts)).ToList(),
        ["Groups"] = board.Groups.SelectMany(top => top.Groups.Select(group =>
            With(Rollup(group.Id, group.Name, group.Rag, group.Counts), ("section", top.Id)))).ToList(),
    });

    public static IResult Organisations(IReadOnlyList<OrganisationRow> rows) => Answer("municipality-board", new()
    {
        ["Organisations"] = rows.Select(row => With(Rollup(row.Id, row.Name, row.Rag, row.Counts), ("kind", Name(row.Kind)))).ToList(),
        ["Workstreams"] = rows.SelectMany(row => row.Workstreams.Select(workstream => Row(
            ("organisationId", row.Id), ("workstreamId", workstream.Id), ("workstream", workstream.Name), ("rag", Name(workstream.Rag))))).ToList(),
    });

    public static IResult Organisation(OrganisationBoard board) => Answer($"organisation-{board.Id}", new()
    {
        ["Organisation"] = new[] { With(Rollup(board.Id, board.Name, board.Rag, board.Counts), ("kind", Name(board.Kind))) },
        ["Targets"] = board.Workstreams.SelectMany(workstream => workstream.Targets.Select(target => Row(
            ("workstreamId", workstream.Id), ("workstream", workstream.Name), ("workstreamRag", Name(workstream.Rag)),
            ("kind", Name(target.Kind)), ("done", target.Done), ("expected", target.Expected), ("rag", Name(target.Rag))))).ToList(),
    });

    public static IResult WorkingGroup(WorkingGroupBoard board) => Answer($"working-group-{board.Id}", new()
    {
        ["Working group"] = new[] { Rollup(board.Id, board.Name, board.Rag, board.Counts) },
        ["Groups"] = board.Groups.Select(group => Rollup(group.Id, group.Name, group.Rag, group.Counts)).ToList(),
        ["Workstreams"] = board.Workstreams.Select(workstream => Row(
            ("id", workstream.Id), ("name", workstream.Name), ("rag", Name(workstream.Rag)), ("progress", Name(workstream.Progress)),
            ("deliverables", Name(workstream.Deliverables)), ("schedule", Name(workstream.Schedule)), ("cost", Name(workstream.Cost)),
            ("benefits", Name(workstream.Benefits)), ("risk", Name(workstream.Risk)), ("dueDate", Date(workstream.DueDate)),
            ("done", workstream.Done), ("expected", workstream.Expected))).ToList(),
    });

    private static Dictionary<string, object?> Rollup(string id, string name, Rag rag, RagCounts counts) => Row(
        ("id", id), ("name", name), ("rag", Name(rag)), ("red", counts.Red), ("amber", counts.Amber), ("green", counts.Green), ("none", counts.None));

    /// <summary>One row of a sheet: its columns in order.</summary>
    public static Dictionary<string, object?> Row(params (string Column, object? Value)[] cells) =>
        cells.ToDictionary(cell => cell.Column, cell => cell.Value);

    private static Dictionary<string, object?> With(Dictionary<string, object?> row, (string Column, object? Value) cell)
    {
        row[cell.Column] = cell.Value;
        return row;
    }

    /// <summary>A value of the API's vocabulary as the JSON writes it ("red", "hospital-district", "staffData").</summary>
    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => JsonSerializer.Serialize(value, TransferJson.Options).Trim('"');

    public static DateTime Date(DateOnly date) => date.ToDateTime(TimeOnly.MinValue);

    /// <summary>The workbook of these sheets, as a download named <paramref name="name"/>.xlsx.</summary>
    public static IResult Answer(string name, Dictionary<string, object> sheets) => new WorkbookResult(name, sheets);

    private sealed class WorkbookResult(string name, Dictionary<string, object> sheets) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            using var workbook = new MemoryStream();
            await MiniExcel.SaveAsAsync(workbook, sheets);
            http.Response.ContentType = MediaTypes.Xlsx;
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.xlsx\"";
            workbook.Position = 0;
            await workbook.CopyToAsync(http.Response.Body, http.RequestAborted);
        }
    }
}
