using Marten;
using Transfer.Domain.Common;
using Transfer.Domain.Readiness;

namespace Transfer.Api.Boards;

/// <summary>The portfolio on one day of a series: its colour and counts, as its board showed them that day.</summary>
public sealed record PortfolioPoint(DateOnly AsOf, Rag Rag, RagCounts Counts);

public static class PortfolioSeries
{
    /// <summary>A chart's worth: two years of weeks, with room to spare.</summary>
    public const int MaxPoints = 120;

    [WolverineGet("/api/portfolio/series", OperationId = "GetPortfolioSeries", Summary = "The portfolio's colour and counts week by week",
        Description = "One point a week from 'from' to 'to' (YYYY-MM-DD; by default from the earliest workstream's start to today, at most " +
                      "the last 120 weeks), each as the portfolio board showed it on that day; knownAt as on every board. For the chart of " +
                      "red, amber and green over time."),
     Authorize(Roles = Roles.Readers)]
    [Tags(ApiTags.StatusViews), Refuses(400)]
    [ProducesResponseType<IReadOnlyList<PortfolioPoint>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string? from, string? to, string? knownAt, IQuerySession session, HelsinkiClock clock, CancellationToken cancellation)
    {
        var fields = new RequestFields();
        var end = to is null ? clock.Today : fields.Date("to", to);
        DateOnly? start = from is null ? null : fields.Date("from", from);
        var instant = fields.OptionalInstant("knownAt", knownAt);
        if (fields.Problem() is { } problem) return problem;

        // By default the whole preparation: from the earliest workstream's start.
        start ??= (await session.Query<WorkstreamProfile>().OrderBy(profile => profile.StartDate).Select(profile => profile.StartDate)
            .Take(1).ToListAsync(cancellation)).Cast<DateOnly?>().FirstOrDefault() ?? end.AddDays(-7 * 26);
        if (start > end) return Problems.Validation("from", "must be on or before to");
        var weeks = (end.DayNumber - start.Value.DayNumber) / 7 + 1;
        if (weeks > MaxPoints) start = end.AddDays(-7 * (MaxPoints - 1));

        var points = new List<PortfolioPoint>();
        for (var day = start.Value; day <= end; day = day.AddDays(7))
        {
            var board = (await BoardData.Load(session, new Horizon(day, instant), cancellation)).Rollup().Portfolio();
            points.Add(new PortfolioPoint(day, board.Rag, board.Counts));
        }
        return Results.Ok(points);
    }
}
