using System.Text.Json;
using MiniExcelLibs;
using Transfer.Domain.Readiness;
using Transfer.Domain.Common;

namespace Transfer.Api.Boards;

/// <summary>
/// The status views as .xlsx workbooks (MiniExcel), for <c>format=xlsx</c> or <c>Accept:</c> the .xlsx
/// type: one sheet per table the board holds, colours and kinds written as the API writes them, counts
/// as numbers and dates as date cells. Boards are small, so a workbook is made in memory.
/// </summary>
public static class BoardWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Whether the client asked for a workbook; a <paramref name="format"/> other than json or xlsx is an error.</summary>
    public static bool Asked(HttpContext http, string? format, RequestFields fields)
    {
        if (format is not null and not "json" and not "xlsx") fields.Add("format", "must be json or xlsx");
        return format == "xlsx" || http.Request.GetTypedHeaders().Accept.Any(accept => accept.MediaType == ContentType);
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

    public static IResult Workstream(Workstreams.GettingDetails.WorkstreamView view) => Answer($"workstream-{view.Id}", new()
    {
        ["Workstream"] = new[] { Row(
            ("id", view.Id), ("name", view.Name), ("workingGroupId", view.WorkingGroupId), ("category", Name(view.Category)),
            ("startDate", Date(view.StartDate)), ("dueDate", Date(view.DueDate)), ("asOf", Date(view.AsOf)), ("version", view.Version),
            ("rag", Name(view.Rag.Overall)), ("progress", Name(view.Rag.Progress)), ("deliverables", Name(view.Rag.Deliverables)),
            ("schedule", Name(view.Rag.Schedule)), ("cost", Name(view.Rag.Cost)), ("benefits", Name(view.Rag.Benefits)), ("risk", Name(view.Rag.Risk))) },
        ["Targets"] = view.Targets.Select(target => Row(
            ("organisationId", target.OrganisationId), ("kind", Name(target.Kind)), ("done", target.Done), ("expected", target.Expected),
            ("rag", Name(target.Rag)))).ToList(),
        ["Assessments"] = view.Assessments.Select(assessment => Row(
            ("dimension", Name(assessment.Dimension)), ("rag", Name(assessment.Rag)), ("rationale", assessment.Rationale),
            ("occurredOn", Date(assessment.OccurredOn)))).ToList(),
    });

    private static Dictionary<string, object?> Rollup(string id, string name, Rag rag, RagCounts counts) => Row(
        ("id", id), ("name", name), ("rag", Name(rag)), ("red", counts.Red), ("amber", counts.Amber), ("green", counts.Green), ("none", counts.None));

    private static Dictionary<string, object?> Row(params (string Column, object? Value)[] cells) =>
        cells.ToDictionary(cell => cell.Column, cell => cell.Value);

    private static Dictionary<string, object?> With(Dictionary<string, object?> row, (string Column, object? Value) cell)
    {
        row[cell.Column] = cell.Value;
        return row;
    }

    /// <summary>A value of the API's vocabulary as the JSON writes it ("red", "hospital-district", "staffData").</summary>
    private static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => JsonSerializer.Serialize(value, TransferJson.Options).Trim('"');

    private static DateTime Date(DateOnly date) => date.ToDateTime(TimeOnly.MinValue);

    private static IResult Answer(string name, Dictionary<string, object> sheets) => new WorkbookResult(name, sheets);

    private sealed class WorkbookResult(string name, Dictionary<string, object> sheets) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            using var workbook = new MemoryStream();
            await MiniExcel.SaveAsAsync(workbook, sheets);
            http.Response.ContentType = ContentType;
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.xlsx\"";
            workbook.Position = 0;
            await workbook.CopyToAsync(http.Response.Body, http.RequestAborted);
        }
    }
}
