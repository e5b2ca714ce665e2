using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Boards;

/// <summary>The series behind the charts: each point is exactly the board of its day, one request a chart.</summary>
public sealed class SeriesTests(TransferAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task A_workstreams_burn_up_is_the_workstream_week_by_week_with_the_PMOs_decisions_marked()
    {
        await GivenAContractsHistory();

        var series = await Get("/api/workstreams/sopimukset/series?to=2021-12-20", ChairToken);

        series.Status.ShouldBe(200, series.Text);
        var json = series.Json;
        json.GetProperty("startDate").GetString().ShouldBe("2021-09-01");
        json.GetProperty("dueDate").GetString().ShouldBe("2022-02-15");
        var points = json.GetProperty("points").EnumerateArray().ToList();
        points[0].GetProperty("asOf").GetString().ShouldBe("2021-09-01", "by default from the workstream's start");
        points[^1].GetProperty("asOf").GetString().ShouldBe("2021-12-20", "the last point is the board of 'to' itself");
        points[^2].GetProperty("asOf").GetString().ShouldBe("2021-12-13");
        foreach (var point in points)
        {
            var day = point.GetProperty("asOf").GetString();
            var workstream = (await Get($"/api/workstreams/sopimukset?asOf={day}", ChairToken)).Json;
            point.GetProperty("dueDate").GetString().ShouldBe(workstream.GetProperty("dueDate").GetString(), day);
            point.GetProperty("rag").GetString().ShouldBe(workstream.GetProperty("rag").GetProperty("overall").GetString(), day);
            point.GetProperty("targets").GetRawText().ShouldBe(workstream.GetProperty("targets").GetRawText(), day);
        }
        points.Select(p => p.GetProperty("targets")[1].GetProperty("done").GetInt32()).ShouldContain(1, "pshp's contract counted for a week");
        points[^1].GetProperty("targets")[1].GetProperty("done").GetInt32().ShouldBe(0, "and retracted since");

        var marks = json.GetProperty("marks").EnumerateArray().ToList();
        marks.Select(m => m.GetProperty("type").GetString()).ShouldBe(["TargetsSet", "ItemRetracted", "WorkstreamRescheduled", "StatusAssessed"]);
        marks[1].GetProperty("ref").GetString().ShouldBe("P-1");
        marks[1].GetProperty("text").GetString().ShouldBe("Posted twice");
        marks[2].GetProperty("dueDate").GetString().ShouldBe("2022-02-15");
        marks[3].GetProperty("rag").GetString().ShouldBe("red");
        marks[3].GetProperty("text").GetString().ShouldBe("Hospital district behind");
        marks[3].GetProperty("recordedBy").GetString().ShouldBe("PMO Test");
        var history = (await Get("/api/workstreams/sopimukset/history", AuditorToken)).Json.EnumerateArray()
            .Select(e => (e.GetProperty("sequence").GetInt64(), e.GetProperty("type").GetString())).ToList();
        foreach (var mark in marks)
            history.ShouldContain((mark.GetProperty("sequence").GetInt64(), mark.GetProperty("type").GetString()), "each mark is an event of the history");

        var before = (await Get("/api/workstreams/sopimukset/series?to=2021-12-18", ChairToken)).Json;
        before.GetProperty("marks").EnumerateArray().Select(m => m.GetProperty("type").GetString()).ShouldNotContain("StatusAssessed", "dated after 'to'");
        before.GetProperty("points").EnumerateArray().Last().GetProperty("asOf").GetString().ShouldBe("2021-12-18");
    }

    [Fact]
    public async Task An_organisations_colour_strip_is_its_board_week_by_week()
    {
        await GivenAContractsHistory();

        var series = await Get("/api/organisations/pshp/series?from=2021-11-01&to=2022-02-28", ChairToken);

        series.Status.ShouldBe(200, series.Text);
        var json = series.Json;
        json.GetProperty("name").GetString().ShouldBe("Organisation pshp");
        var points = json.GetProperty("points").EnumerateArray().ToList();
        points.First().GetProperty("asOf").GetString().ShouldBe("2021-11-01");
        points.Last().GetProperty("asOf").GetString().ShouldBe("2022-02-28");
        var strip = json.GetProperty("workstreams").EnumerateArray().Single();
        strip.GetProperty("id").GetString().ShouldBe("sopimukset");
        var colours = strip.GetProperty("points").EnumerateArray().ToList();
        colours.Count.ShouldBe(points.Count);
        for (var i = 0; i < points.Count; i++)
        {
            var day = points[i].GetProperty("asOf").GetString();
            var board = (await Get($"/api/organisations/pshp/status?asOf={day}", ChairToken)).Json;
            points[i].GetProperty("rag").GetString().ShouldBe(board.GetProperty("rag").GetString(), day);
            colours[i].GetProperty("rag").GetString().ShouldBe(board.GetProperty("workstreams")[0].GetProperty("rag").GetString(), day);
        }
        colours.Select(c => c.GetProperty("rag").GetString()).Distinct().Count().ShouldBeGreaterThan(1, "pshp fell behind as the weeks went");
        (await Get("/api/organisations/nowhere/series", ChairToken)).Status.ShouldBe(404);
        (await Get("/api/workstreams/nowhere/series", ChairToken)).Status.ShouldBe(404);
    }

    [Fact]
    public async Task The_municipality_boards_trend_is_every_organisations_colour_over_the_last_eight_weeks()
    {
        await GivenAContractsHistory();

        var trend = await Get("/api/organisations/series?to=2022-02-28", ChairToken);

        trend.Status.ShouldBe(200, trend.Text);
        var rows = trend.Json.EnumerateArray().ToList();
        rows.Select(r => r.GetProperty("id").GetString()).ShouldBe(["837", "pshp"]);
        foreach (var row in rows)
        {
            var points = row.GetProperty("points").EnumerateArray().ToList();
            points.Select(p => p.GetProperty("asOf").GetString()).ShouldBe(
                ["2022-01-10", "2022-01-17", "2022-01-24", "2022-01-31", "2022-02-07", "2022-02-14", "2022-02-21", "2022-02-28"]);
            foreach (var point in points)
            {
                var day = point.GetProperty("asOf").GetString();
                var board = (await Get($"/api/organisations/status?asOf={day}", ChairToken)).Json.EnumerateArray()
                    .Single(b => b.GetProperty("id").GetString() == row.GetProperty("id").GetString());
                point.GetProperty("rag").GetString().ShouldBe(board.GetProperty("rag").GetString(), day);
            }
        }
    }

    [Fact]
    public async Task A_window_longer_than_a_chart_steps_by_more_than_a_week_rather_than_lose_its_beginning()
    {
        var points = (await Get("/api/portfolio/series?from=2020-01-01&to=2023-12-31", ChairToken)).Json.EnumerateArray()
            .Select(p => DateOnly.Parse(p.GetProperty("asOf").GetString()!)).ToList();

        points.Count.ShouldBeLessThanOrEqualTo(121);
        points[0].ShouldBe(new DateOnly(2020, 1, 1));
        points[^1].ShouldBe(new DateOnly(2023, 12, 31));
        (points[^1].DayNumber - points[^2].DayNumber).ShouldBe(14, "209 weeks do not fit in 120 points a week apart");
    }

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
        foreach (var route in new[] { "/api/portfolio/series", "/api/organisations/series", "/api/organisations/837/series", "/api/workstreams/sopimukset/series" })
        {
            var refused = await Get($"{route}?from=2022-02-01&to=2022-01-01", ChairToken);
            refused.Status.ShouldBe(400, route);
            refused.ErrorsFor("from").ShouldBe(["must be on or before to"], route);
            var misread = await Get($"{route}?to=1.2.2022&knownAt=yesterday", ChairToken);
            misread.ErrorsFor("to").ShouldNotBeEmpty(route);
            misread.ErrorsFor("knownAt").ShouldNotBeEmpty(route);
        }
    }
}
