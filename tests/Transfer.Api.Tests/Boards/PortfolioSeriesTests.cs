using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Boards;

/// <summary>The portfolio over time, for its chart: each week's point is the portfolio board of that day.</summary>
public sealed class PortfolioSeriesTests(TransferAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Each_weekly_point_is_what_the_portfolio_board_showed_that_day()
    {
        await GivenContractsWorkstream();
        (await Put("/api/workstreams/sopimukset/targets", new { occurredOn = "2021-09-01", targets = new[] { new { organisationId = "837", kind = "contract", expected = 2 } } }))
            .Status.ShouldBe(200);
        (await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = "C-1", occurredOn = "2022-01-10" })).Status.ShouldBe(201);
        (await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = "C-2", occurredOn = "2022-01-25" })).Status.ShouldBe(201);

        var series = await Get("/api/portfolio/series?from=2021-12-20&to=2022-02-14", ChairToken);

        series.Status.ShouldBe(200, series.Text);
        var points = series.Json.EnumerateArray().ToList();
        points.Select(p => p.GetProperty("asOf").GetString()).ShouldBe(
            ["2021-12-20", "2021-12-27", "2022-01-03", "2022-01-10", "2022-01-17", "2022-01-24", "2022-01-31", "2022-02-07", "2022-02-14"]);
        foreach (var point in points)
        {
            var board = (await Get($"/api/portfolio?asOf={point.GetProperty("asOf").GetString()}", ChairToken)).Json;
            point.GetProperty("rag").GetString().ShouldBe(board.GetProperty("rag").GetString());
            point.GetProperty("counts").GetRawText().ShouldBe(board.GetProperty("counts").GetRawText());
        }
        points.Select(p => p.GetProperty("rag").GetString()).Distinct().Count().ShouldBeGreaterThan(1, "the colour changed over these weeks");
    }

    [Fact]
    public async Task A_series_that_ends_before_it_begins_is_refused()
    {
        var refused = await Get("/api/portfolio/series?from=2022-02-01&to=2022-01-01", ChairToken);
        refused.Status.ShouldBe(400);
        refused.ErrorsFor("from").ShouldBe(["must be on or before to"]);
        (await Get("/api/portfolio/series?from=1.2.2022", ChairToken)).ErrorsFor("from").ShouldNotBeEmpty();
    }
}
