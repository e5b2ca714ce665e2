using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Boards;

/// <summary>The series behind the charts: each point is exactly the board of its day, one request a chart.</summary>
public sealed class SeriesTests(TransferAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task A_workstreams_burn_up_is_the_workstream_week_by_week_with_the_PMOs_decisions_marked()
    {
        await GivenAContractsHistory();

        var series = await Get("/api/workstreams/sopimukset/series?to=2021-12-20", ChairToken).View<WorkstreamSeries>();

        series.StartDate.ShouldBe("2021-09-01");
        series.DueDate.ShouldBe("2022-02-15");
        var points = series.Points;
        points[0].AsOf.ShouldBe("2021-09-01", "by default from the workstream's start");
        points[^1].AsOf.ShouldBe("2021-12-20", "the last point is the board of 'to' itself");
        points[^2].AsOf.ShouldBe("2021-12-13");
        foreach (var point in points)
        {
            var workstream = await Get($"/api/workstreams/sopimukset?asOf={point.AsOf}", ChairToken).View<WorkstreamView>();
            point.ShouldBe(new WorkstreamPoint(point.AsOf, workstream.DueDate, workstream.Rag.Overall, workstream.Targets), point.AsOf);
        }
        points.Select(p => p.Targets[1].Done).ShouldContain(1, "pshp's contract counted for a week");
        points[^1].Targets[1].Done.ShouldBe(0, "and retracted since");

        var marks = series.Marks;
        marks.Select(m => m.Type).ShouldBe(["TargetsSet", "ItemRetracted", "WorkstreamRescheduled", "StatusAssessed"]);
        // Each mark carries its own type's fields, the others null; where it sits in the history is checked below.
        EventNote Mark(EventNote at, string type, string occurredOn) =>
            new(at.Sequence, at.Version, "sopimukset", type, occurredOn, at.RecordedAt, "PMO Test", null, null, null, null, null, null, null);
        marks[1].ShouldBe(Mark(marks[1], "ItemRetracted", "2021-12-08") with { Kind = "contract", OrganisationId = "pshp", Ref = "P-1", Text = "Posted twice" });
        marks[2].ShouldBe(Mark(marks[2], "WorkstreamRescheduled", "2021-12-15") with { DueDate = "2022-02-15", Text = "Tampere a week late" });
        marks[3].ShouldBe(Mark(marks[3], "StatusAssessed", "2021-12-20") with { Dimension = "risk", Rag = "red", Text = "Hospital district behind" });
        var history = (await Get("/api/workstreams/sopimukset/history", AuditorToken).View<ValueList<RecordedEvent>>()).Select(e => (e.Sequence, e.Type)).ToList();
        foreach (var mark in marks)
            history.ShouldContain((mark.Sequence, mark.Type), "each mark is an event of the history");

        var before = await Get("/api/workstreams/sopimukset/series?to=2021-12-18", ChairToken).View<WorkstreamSeries>();
        before.Marks.Select(m => m.Type).ShouldNotContain("StatusAssessed", "dated after 'to'");
        before.Points[^1].AsOf.ShouldBe("2021-12-18");
    }

    [Fact]
    public async Task An_organisations_colour_strip_is_its_board_week_by_week()
    {
        await GivenAContractsHistory();

        var series = await Get("/api/organisations/pshp/series?from=2021-11-01&to=2022-02-28", ChairToken).View<OrganisationSeries>();

        series.Name.ShouldBe("Organisation pshp");
        var points = series.Points;
        points[0].AsOf.ShouldBe("2021-11-01");
        points[^1].AsOf.ShouldBe("2022-02-28");
        var strip = series.Workstreams.ShouldHaveSingleItem();
        strip.Id.ShouldBe("sopimukset");
        var colours = strip.Points;
        colours.Count.ShouldBe(points.Count);
        for (var i = 0; i < points.Count; i++)
        {
            var day = points[i].AsOf;
            var board = await Get($"/api/organisations/pshp/status?asOf={day}", ChairToken).View<OrganisationStatus>();
            points[i].ShouldBe(new RagPoint(day, board.Rag), day);
            colours[i].ShouldBe(new RagPoint(day, board.Workstreams[0].Rag), day);
        }
        colours.Select(c => c.Rag).Distinct().Count().ShouldBeGreaterThan(1, "pshp fell behind as the weeks went");
        (await Get("/api/organisations/nowhere/series", ChairToken)).Status.ShouldBe(404);
        (await Get("/api/workstreams/nowhere/series", ChairToken)).Status.ShouldBe(404);
    }

    [Fact]
    public async Task The_municipality_boards_trend_is_every_organisations_colour_over_the_last_eight_weeks()
    {
        await GivenAContractsHistory();

        var rows = await Get("/api/organisations/series?to=2022-02-28", ChairToken).View<ValueList<RagTrend>>();

        rows.Select(r => r.Id).ShouldBe(["837", "pshp"]);
        foreach (var row in rows)
        {
            row.Points.Select(p => p.AsOf).ShouldBe(
                ["2022-01-10", "2022-01-17", "2022-01-24", "2022-01-31", "2022-02-07", "2022-02-14", "2022-02-21", "2022-02-28"]);
            foreach (var point in row.Points)
            {
                var board = (await Get($"/api/organisations/status?asOf={point.AsOf}", ChairToken).View<ValueList<MunicipalityBoardRow>>())
                    .Single(b => b.Id == row.Id);
                point.ShouldBe(new RagPoint(point.AsOf, board.Rag), point.AsOf);
            }
        }
    }

    [Fact]
    public async Task A_window_longer_than_a_chart_steps_by_more_than_a_week_rather_than_lose_its_beginning()
    {
        var points = (await Get("/api/portfolio/series?from=2020-01-01&to=2023-12-31", ChairToken).View<ValueList<PortfolioPoint>>())
            .Select(p => DateOnly.Parse(p.AsOf)).ToList();

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

        var points = await Get("/api/portfolio/series?from=2021-12-20&to=2022-02-14", ChairToken).View<ValueList<PortfolioPoint>>();

        points.Select(p => p.AsOf).ShouldBe(
            ["2021-12-20", "2021-12-27", "2022-01-03", "2022-01-10", "2022-01-17", "2022-01-24", "2022-01-31", "2022-02-07", "2022-02-14"]);
        foreach (var point in points)
        {
            var board = await Get($"/api/portfolio?asOf={point.AsOf}", ChairToken).View<PortfolioView>();
            point.ShouldBe(new PortfolioPoint(point.AsOf, board.Rag, board.Counts), point.AsOf);
        }
        points.Select(p => p.Rag).Distinct().Count().ShouldBeGreaterThan(1, "the colour changed over these weeks");
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
