using Marten;
using Transfer.Api.Counties;
using Transfer.Api.Security;
using Transfer.Domain.Common;
using Transfer.Domain.Organisations;
using Transfer.Domain.Readiness;

namespace Transfer.Api.Boards;

/// <summary>
/// A row of the municipality board: the organisation's own board without the targets, so that the whole board,
/// with every organisation's workstream colours at a glance, is one request.
/// </summary>
public sealed record OrganisationRow(string Id, string Name, OrganisationKind Kind, Rag Rag, RagCounts Counts, IReadOnlyList<OrganisationRowWorkstream> Workstreams)
{
    public static OrganisationRow Of(OrganisationBoard board) => new(board.Id, board.Name, board.Kind, board.Rag, board.Counts,
        board.Workstreams.Select(workstream => new OrganisationRowWorkstream(workstream.Id, workstream.Name, workstream.Rag)).ToList());
}

/// <summary>A workstream on a municipality board row, coloured as on that organisation's own board (by its targets only).</summary>
public sealed record OrganisationRowWorkstream(string Id, string Name, Rag Rag);

// Every board takes ?asOf=YYYY-MM-DD (default today in Helsinki) and ?knownAt=<instant>, and ?format=xlsx (or
// Accept: the .xlsx type) for a workbook; any role may read them.
public static class BoardEndpoints
{
    [WolverineGet("/api/boards/changes", OperationId = "WatchBoards", Summary = "Be told when the county's boards change (Server-Sent Events)",
        Description = "A text/event-stream: an event 'changed' with the county's newest event ({sequence, recordedAt}) at once and whenever a " +
                      "newer one is recorded (checked every second), and a comment every 15 s to keep the connection open. Read a board again on 'changed'."),
     Authorize(Roles = Roles.Readers)]
    [Tags(ApiTags.StatusViews)]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/event-stream")]
    [LiveStream]
    public static IResult Watch(HttpContext http, BoardChanges changes) => changes.Stream(http.County());

    [WolverineGet("/api/working-groups/{id}/status", OperationId = "GetWorkingGroupStatus", Summary = "A working group's board"), Authorize(Roles = Roles.Readers)]
    [Tags(ApiTags.StatusViews), Refuses(400, 404), Exports]
    [ProducesResponseType<WorkingGroupBoard>(StatusCodes.Status200OK)]
    [BoardHorizonParameters]
    public static async Task<IResult> WorkingGroup(
        string id, string? asOf, string? knownAt, string? format, HttpContext http, IQuerySession session, HelsinkiClock clock, CancellationToken cancellation)
    {
        var (horizon, workbook, problem) = BoardHorizon.Read(http, asOf, knownAt, format, clock);
        if (problem is not null) return problem;
        var board = (await BoardData.Load(session, horizon!, cancellation)).Rollup().WorkingGroup(id);
        if (board is null) return Problems.NotFound("working group", id);
        return workbook ? BoardWorkbook.WorkingGroup(board) : Results.Ok(board);
    }

    [WolverineGet("/api/portfolio", OperationId = "GetPortfolio", Summary = "The portfolio: every top-level group's colour"), Authorize(Roles = Roles.Readers)]
    [Tags(ApiTags.StatusViews), Refuses(400), Exports]
    [ProducesResponseType<PortfolioBoard>(StatusCodes.Status200OK)]
    [BoardHorizonParameters]
    public static async Task<IResult> Portfolio(
        string? asOf, string? knownAt, string? format, HttpContext http, IQuerySession session, HelsinkiClock clock, CancellationToken cancellation)
    {
        var (horizon, workbook, problem) = BoardHorizon.Read(http, asOf, knownAt, format, clock);
        if (problem is not null) return problem;
        var board = (await BoardData.Load(session, horizon!, cancellation)).Rollup().Portfolio();
        return workbook ? BoardWorkbook.Portfolio(board) : Results.Ok(board);
    }

    [WolverineGet("/api/organisations/{id}/status", OperationId = "GetOrganisationStatus", Summary = "An organisation's board"), Authorize(Roles = Roles.Readers)]
    [Tags(ApiTags.StatusViews), Refuses(400, 404), Exports]
    [ProducesResponseType<OrganisationBoard>(StatusCodes.Status200OK)]
    [BoardHorizonParameters]
    public static async Task<IResult> Organisation(
        string id, string? asOf, string? knownAt, string? format, HttpContext http, IQuerySession session, HelsinkiClock clock, CancellationToken cancellation)
    {
        var (horizon, workbook, problem) = BoardHorizon.Read(http, asOf, knownAt, format, clock);
        if (problem is not null) return problem;
        var data = await BoardData.Load(session, horizon!, cancellation);
        if (data.Organisations.FirstOrDefault(organisation => organisation.Id == id) is not { } found)
            return Problems.NotFound("organisation", id);
        var board = BoardRollup.Organisation(found, data.Workstreams);
        return workbook ? BoardWorkbook.Organisation(board) : Results.Ok(board);
    }

    [WolverineGet("/api/organisations/status", OperationId = "GetOrganisationsBoard", Summary = "The municipality board: one row per organisation"), Authorize(Roles = Roles.Readers)]
    [Tags(ApiTags.StatusViews), Refuses(400), Exports]
    [ProducesResponseType<IReadOnlyList<OrganisationRow>>(StatusCodes.Status200OK)]
    [BoardHorizonParameters]
    public static async Task<IResult> Organisations(
        string? asOf, string? knownAt, string? format, HttpContext http, IQuerySession session, HelsinkiClock clock, CancellationToken cancellation)
    {
        var (horizon, workbook, problem) = BoardHorizon.Read(http, asOf, knownAt, format, clock);
        if (problem is not null) return problem;
        var data = await BoardData.Load(session, horizon!, cancellation);
        var rows = data.Organisations
            .Select(organisation => BoardRollup.Organisation(organisation, data.Workstreams))
            .Select(OrganisationRow.Of)
            .ToList();
        return workbook ? BoardWorkbook.Organisations(rows) : Results.Ok(rows);
    }
}
