using Transfer.Api.Counties;
using Transfer.Api.Security;
using Transfer.Domain.Common;
using Transfer.Domain.Readiness;

namespace Transfer.Api.Boards;

/// <summary>A county's portfolio on the national board: its colour and counts, as its own portfolio shows them.</summary>
public sealed record CountyRollup(string Id, string Name, Rag Rag, RagCounts Counts);

/// <summary>Every county's portfolio rolled up: the worst colour of any, and the counts of all.</summary>
public sealed record NationalBoard(DateOnly AsOf, DateTimeOffset? KnownAt, Rag Rag, RagCounts Counts, IReadOnlyList<CountyRollup> Counties);

/// <summary>The national board: every county's portfolio rolled up, for the ministries.</summary>
public static class NationalBoardEndpoint
{
    [WolverineGet("/api/national/status", OperationId = "GetNationalStatus", Summary = "Every county's portfolio, rolled up",
        Description = "One row per county, coloured as that county's portfolio is; the national colour is the worst of them. " +
                      "Read each county's boards with ?county=<id>."),
     Authorize(Roles = Roles.National)]
    [Tags(ApiTags.Counties), Refuses(400)]
    [ProducesResponseType<NationalBoard>(StatusCodes.Status200OK)]
    [BoardHorizonParameters]
    public static async Task<IResult> National(
        string? asOf, string? knownAt, HttpContext http, CountyCatalog counties, CountyStores stores, HelsinkiClock clock, CancellationToken cancellation)
    {
        var (horizon, _, problem) = BoardHorizon.Read(http, asOf, knownAt, format: null, clock);
        if (problem is not null) return problem;
        var rows = new List<CountyRollup>();
        foreach (var county in counties.All)
        {
            await using var session = stores.QuerySession(county);
            var portfolio = (await BoardData.Load(session, horizon!, cancellation)).Rollup().Portfolio();
            rows.Add(new CountyRollup(county.Id, county.Name, portfolio.Rag, portfolio.Counts));
        }
        return Results.Ok(new NationalBoard(horizon!.AsOf, horizon.KnownAt, RagRules.Worst(rows.Select(row => row.Rag)),
            rows.Aggregate(RagCounts.Zero, (sum, row) => sum + row.Counts), rows));
    }
}
