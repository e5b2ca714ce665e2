using Marten;
using Transfer.Api.Security;
using Transfer.Domain.Common;
using Transfer.Domain.Readiness;

namespace Transfer.Api.Boards;

/// <summary>The portfolio on one day of a series: its colour and counts, as its board showed them that day.</summary>
public sealed record PortfolioPoint(DateOnly AsOf, Rag Rag, RagCounts Counts);

/// <summary>A colour on one day of a series.</summary>
public sealed record RagPoint(DateOnly AsOf, Rag Rag);

/// <summary>Something's colour week by week: an organisation's on the municipality board, or a workstream's on an organisation's board.</summary>
public sealed record RagTrend(string Id, string Name, IReadOnlyList<RagPoint> Points);

/// <summary>An organisation's colour week by week, and each of its workstreams' colours on its board (the colour strip).</summary>
public sealed record OrganisationSeries(string Id, string Name, IReadOnlyList<RagPoint> Points, IReadOnlyList<RagTrend> Workstreams);

/// <summary>A workstream on one day of its burn-up: its due date then, its colour and every target in force.</summary>
public sealed record WorkstreamPoint(DateOnly AsOf, DateOnly DueDate, Rag Rag, IReadOnlyList<TargetStatus> Targets);

/// <summary>
/// A workstream's burn-up: its targets' done and expected counts week by week from its start, and the PMO's
/// own events on the way (due dates moved, targets set, items retracted, status assessed), to mark on the chart.
/// </summary>
public sealed record WorkstreamSeries(
    string Id, string Name, DateOnly StartDate, DateOnly DueDate, IReadOnlyList<WorkstreamPoint> Points, IReadOnlyList<EventNote> Marks);

// The series behind the dashboard's charts: one request a chart, each point the board of its day as the
// board routes compute it (BoardSeries), every seventh day back from ?to= (default today).
public static class SeriesEndpoints
{
    private const string Window = "One point every seventh day back from 'to' (YYYY-MM-DD, default today in Helsinki), and 'from' itself " +
                                  "(every 14th day, or 21st, when weekly would be more than 120 points); knownAt as on every board.";

    /// <summary>The municipality board's trend column: eight weeks.</summary>
    public const int TrendWeeks = 8;

    [WolverineGet("/api/portfolio/series", OperationId = "GetPortfolioSeries", Summary = "The portfolio's colour and counts week by week",
        Description = Window + " By default from the earliest workstream's start. Each point is the portfolio board of that day: the chart of red, amber and green over time."),
     Authorize(Roles = Roles.Readers)]
    [Tags(ApiTags.OverTime), Refuses(400)]
    [ProducesResponseType<IReadOnlyList<PortfolioPoint>>(StatusCodes.Status200OK)]
    [SeriesWindowParameters]
    public static async Task<IResult> Portfolio(string? from, string? to, string? knownAt, IQuerySession session, HelsinkiClock clock, CancellationToken cancellation)
    {
        var (window, problem) = SeriesWindow.Read(from, to, knownAt, clock);
        if (problem is not null) return problem;
        var series = await BoardSeries.Load(session, window!.KnownAt, cancellation);
        var days = window.Weeks(series.EarliestStart ?? window.To);
        var boards = await series.On(session, days, window.KnownAt, cancellation);
        return Results.Ok(days.Zip(boards, (day, data) =>
        {
            var board = data.Rollup().Portfolio();
            return new PortfolioPoint(day, board.Rag, board.Counts);
        }).ToList());
    }

    [WolverineGet("/api/organisations/series", OperationId = "GetOrganisationsSeries", Summary = "Every organisation's colour week by week",
        Description = Window + " By default the last eight weeks: the municipality board's trend column. Each colour is the organisation's on the municipality board of that day."),
     Authorize(Roles = Roles.Readers)]
    [Tags(ApiTags.OverTime), Refuses(400)]
    [ProducesResponseType<IReadOnlyList<RagTrend>>(StatusCodes.Status200OK)]
    [SeriesWindowParameters]
    public static async Task<IResult> Organisations(string? from, string? to, string? knownAt, IQuerySession session, HelsinkiClock clock, CancellationToken cancellation)
    {
        var (window, problem) = SeriesWindow.Read(from, to, knownAt, clock);
        if (problem is not null) return problem;
        var series = await BoardSeries.Load(session, window!.KnownAt, cancellation);
        var days = window.Weeks(window.To.AddDays(-7 * (TrendWeeks - 1)));
        var boards = await series.On(session, days, window.KnownAt, cancellation);
        return Results.Ok(series.Organisations.Select(organisation => new RagTrend(organisation.Id, organisation.Name,
            days.Zip(boards, (day, data) => new RagPoint(day, BoardRollup.Organisation(organisation, data.Workstreams).Rag)).ToList())).ToList());
    }

    [WolverineGet("/api/organisations/{id}/series", OperationId = "GetOrganisationSeries", Summary = "An organisation's colours week by week, workstream by workstream",
        Description = Window + " By default from the earliest start of the workstreams with a target for it. The organisation's colour and each of " +
                      "its workstreams' colours on its board (none on a day it had no target in force there): the colour strip."),
     Authorize(Roles = Roles.Readers)]
    [Tags(ApiTags.OverTime), Refuses(400, 404)]
    [ProducesResponseType<OrganisationSeries>(StatusCodes.Status200OK)]
    [SeriesWindowParameters]
    public static async Task<IResult> Organisation(
        string id, string? from, string? to, string? knownAt, IQuerySession session, HelsinkiClock clock, CancellationToken cancellation)
    {
        var (window, problem) = SeriesWindow.Read(from, to, knownAt, clock);
        if (problem is not null) return problem;
        var series = await BoardSeries.Load(session, window!.KnownAt, cancellation);
        if (series.Organisations.FirstOrDefault(organisation => organisation.Id == id) is not { } found)
            return Problems.NotFound("organisation", id);

        var days = window.Weeks(series.EarliestStart ?? window.To);
        var boards = days.Zip(await series.On(session, days, window.KnownAt, cancellation), (day, data) => (day, board: BoardRollup.Organisation(found, data.Workstreams))).ToList();
        // A workstream belongs on the strip when it is on the board on some day of the window.
        var workstreams = boards.SelectMany(point => point.board.Workstreams).Select(workstream => (workstream.Id, workstream.Name))
            .Distinct().OrderBy(workstream => workstream.Id, StringComparer.Ordinal).ToList();
        if (from is null && boards.FindIndex(point => point.board.Workstreams.Count > 0) is > 0 and var firstShown)
            boards = boards[(firstShown - 1)..]; // By default, from the week before the organisation first had a target.
        return Results.Ok(new OrganisationSeries(found.Id, found.Name,
            boards.Select(point => new RagPoint(point.day, point.board.Rag)).ToList(),
            workstreams.Select(workstream => new RagTrend(workstream.Id, workstream.Name, boards.Select(point => new RagPoint(point.day,
                point.board.Workstreams.FirstOrDefault(row => row.Id == workstream.Id)?.Rag ?? Rag.None)).ToList())).ToList()));
    }

    [WolverineGet("/api/workstreams/{id}/series", OperationId = "GetWorkstreamSeries", Summary = "A workstream's burn-up: its targets week by week",
        Description = Window + " By default from the workstream's start. Each point is the workstream as its own route shows it that day (due date, " +
                      "colour, each target's expected and done); marks are the PMO's own decisions on the way (due dates moved, targets set, items " +
                      "retracted, status assessed), dated by 'to' and known at knownAt, each with its sequence in the history."),
     Authorize(Roles = Roles.Readers)]
    [Tags(ApiTags.OverTime), Refuses(400, 404)]
    [ProducesResponseType<WorkstreamSeries>(StatusCodes.Status200OK)]
    [SeriesWindowParameters]
    public static async Task<IResult> Workstream(
        string id, string? from, string? to, string? knownAt, IQuerySession session, HelsinkiClock clock, CancellationToken cancellation)
    {
        var (window, problem) = SeriesWindow.Read(from, to, knownAt, clock);
        if (problem is not null) return problem;
        var series = await BoardSeries.Load(session, window!.KnownAt, cancellation, workstreamId: id);
        if (series.Workstreams.FirstOrDefault() is not { } profile) return Problems.NotFound("workstream", id);

        var days = window.Weeks(profile.StartDate);
        var statuses = (await series.On(session, days, window.KnownAt, cancellation)).Select(data => data.Workstreams.Single()).ToList();
        var marks = await EventNote.Read(session, [id], after: null, until: window.To, window.KnownAt, cancellation);
        return Results.Ok(new WorkstreamSeries(profile.Id, profile.Name, profile.StartDate, statuses[^1].DueDate,
            days.Zip(statuses, (day, status) => new WorkstreamPoint(day, status.DueDate, status.Rag.Overall, status.Targets)).ToList(), marks));
    }
}
