using Marten;
using Microsoft.Extensions.DependencyInjection;
using Transfer.Api.Boards;
using Transfer.Api.Demo;
using Transfer.Api.Tests.Support;
using Transfer.Domain.Readiness;

namespace Transfer.Api.Tests.Boards;

/// <summary>
/// The boards' SQL (<see cref="TallyValues"/>) gives exactly what the domain's <see cref="TallyBlock.OpenAt"/>
/// and <see cref="TallyBlock.ValueAt"/> give, for every tally of the demo data set, at horizons around the
/// contract deadline, known at meetings, at an instant a block opened, and today; and a chart's series
/// (<see cref="TallyValues.QuerySeries"/>) gives, day by day, what a board of that day gets.
/// </summary>
public sealed class TallyValuesTests(TransferAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task PostgreSQL_computes_every_tally_as_the_domain_does()
    {
        await ActivatorUtilities.CreateInstance<DemoSeeder>(Host.Services).Seed(false, CancellationToken.None);
        await using var session = App.Store.QuerySession();
        var series = (await session.Query<TallyBlock>().ToListAsync()).ToLookup(block => block.Series);
        series.Count.ShouldBeGreaterThan(500);
        var closed = series.SelectMany(blocks => blocks).First(block => block is { IsOpen: false, Number: > 0 });

        DateOnly[] dates = [new(2021, 11, 1), new(2022, 1, 31), new(2022, 2, 1), new(2022, 12, 31)];
        DateTimeOffset?[] instants =
        [
            null,
            new DateTimeOffset(2022, 2, 1, 9, 0, 0, TimeSpan.FromHours(2)),
            closed.OpenedAt, // exactly when a block opened: that block is the one in force
            closed.OpenedAt.AddTicks(-10),
            new DateTimeOffset(2021, 8, 1, 0, 0, 0, TimeSpan.Zero), // before anything was recorded
        ];
        foreach (var asOf in dates)
        foreach (var knownAt in instants)
        {
            var horizon = new Horizon(asOf, knownAt);
            var batch = session.CreateBatchQuery();
            var computed = TallyValues.Query(batch, session.TenantId, horizon, workstreamId: null);
            await batch.Execute();

            var expected = series
                .Select(blocks => TallyBlock.OpenAt(blocks, knownAt))
                .OfType<TallyBlock>()
                .ToDictionary(block => block.Series, block => block.ValueAt(asOf.DayNumber, knownAt));
            (await computed).ToDictionary(value => TallyBlock.SeriesOf(value.WorkstreamId, value.Tally), value => value.Value)
                .ShouldBe(expected, ignoreOrder: true, $"asOf {asOf}, knownAt {knownAt}");
        }

        foreach (var knownAt in instants)
        {
            var batch = session.CreateBatchQuery();
            var computed = TallyValues.QuerySeries(batch, session.TenantId, dates, knownAt, workstreamId: null);
            await batch.Execute();
            var bySeries = (await computed).ToDictionary(value => TallyBlock.SeriesOf(value.WorkstreamId, value.Tally), value => value.Values);
            for (var day = 0; day < dates.Length; day++)
            {
                var expected = series
                    .Select(blocks => TallyBlock.OpenAt(blocks, knownAt))
                    .OfType<TallyBlock>()
                    .ToDictionary(block => block.Series, block => block.ValueAt(dates[day].DayNumber, knownAt));
                bySeries.ToDictionary(pair => pair.Key, pair => pair.Value[day]).ShouldBe(expected, ignoreOrder: true, $"series on {dates[day]}, knownAt {knownAt}");
            }
        }
    }
}
