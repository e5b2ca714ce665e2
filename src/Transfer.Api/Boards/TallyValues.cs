using Marten.Services.BatchQuerying;
using Transfer.Domain.Readiness;

namespace Transfer.Api.Boards;

/// <summary>One tally of one workstream, with its value at a horizon.</summary>
public sealed record TallyValue(string WorkstreamId, string Tally, long Value);

/// <summary>One tally of one workstream, with its values on several days.</summary>
public sealed record TallySeries(string WorkstreamId, string Tally, long[] Values);

/// <summary>
/// Each tally's value at a horizon, computed by PostgreSQL from the one block open at knownAt, so a
/// board receives one number per tally however long the tally's history is. This is
/// <see cref="TallyBlock.ValueAt"/> and <see cref="TallyBlock.OpenAt"/> written in SQL: the running sum
/// of the last business day ≤ asOf (width_bucket is a binary search in the ascending days), plus the
/// block's own steps dated by then and known by then. Hand-written because no library answers a
/// dominance count over our blocks; a test holds it equal to the domain's functions.
/// </summary>
public static class TallyValues
{
    /// <summary>The value of block b on the business day <paramref name="day"/> (an SQL integer), as known at the two knownAt parameters that follow it.</summary>
    private static string ValueOn(string day) => $"""
        coalesce(b.before_sums[width_bucket({day}, b.before_days)], 0)
        + coalesce((select sum(step.delta) from unnest(b.step_days, b.step_known, b.step_deltas) as step(day, known, delta)
                    where step.day <= {day} and (?::timestamptz is null or step.known <= ?::timestamptz)), 0)
        """;

    /// <summary>Every tally of one workstream, or of all of them, of the county whose tenant is <paramref name="tenant"/>, at the horizon.</summary>
    public static Task<IReadOnlyList<TallyValue>> Query(IBatchedQuery batch, string tenant, Horizon horizon, string? workstreamId)
    {
        var day = horizon.AsOf.DayNumber;
        var knownAt = horizon.KnownAt?.ToUniversalTime();
        var (blocks, parameters) = Blocks(tenant, knownAt, workstreamId);
        return batch.Query<TallyValue>(
            $"select jsonb_build_object('workstreamId', b.workstream_id, 'tally', b.tally, 'value', {ValueOn("?::integer")}) {blocks}",
            Parameters([day, day, knownAt, knownAt], parameters));
    }

    /// <summary>
    /// Every tally's values on each of <paramref name="days"/> as known at <paramref name="knownAt"/>, one row a
    /// tally (its values in the order of the days): a chart's whole series in one statement, from the same
    /// blocks and the same arithmetic as a board's single day.
    /// </summary>
    public static Task<IReadOnlyList<TallySeries>> QuerySeries(
        IBatchedQuery batch, string tenant, IReadOnlyList<DateOnly> days, DateTimeOffset? knownAt, string? workstreamId)
    {
        var instant = knownAt?.ToUniversalTime();
        var (blocks, parameters) = Blocks(tenant, instant, workstreamId);
        return batch.Query<TallySeries>($"""
            select jsonb_build_object('workstreamId', b.workstream_id, 'tally', b.tally, 'values',
                (select jsonb_agg({ValueOn("d.day")} order by d.n) from unnest(?::integer[]) with ordinality as d(day, n)))
            {blocks}
            """, Parameters([instant, instant, days.Select(day => day.DayNumber).ToArray()], parameters));
    }

    // Marten's batch takes object[]; the null knownAt is a value the statement tests for, so the array may hold it.
    private static object[] Parameters(object?[] value, object?[] blocks) => value.Concat(blocks).ToArray()!;

    /// <summary>The blocks to read, as b: for today's knowledge every tally's open block; for a past knownAt, each tally's last block opened by then.</summary>
    private static (string Sql, object?[] Parameters) Blocks(string tenant, DateTimeOffset? knownAt, string? workstreamId)
    {
        var ofWorkstream = workstreamId is null ? "" : " and o.workstream_id = ?"; // o: the tally's open block
        object[] workstream = workstreamId is null ? [tenant] : [tenant, workstreamId];
        return knownAt is null
            ? ($"from {EventStoreSetup.Schema}.mt_doc_tallyblock o cross join lateral (select o.*) b where o.is_open and o.tenant_id = ?{ofWorkstream}", workstream)
            // One index probe a tally.
            : ($"""
                from {EventStoreSetup.Schema}.mt_doc_tallyblock o
                cross join lateral (
                    select x.* from {EventStoreSetup.Schema}.mt_doc_tallyblock x
                    where x.tenant_id = o.tenant_id and x.series = o.series and x.opened_at <= ?
                    order by x.opened_at desc, x.number desc limit 1) b
                where o.is_open and o.tenant_id = ?{ofWorkstream}
                """, [knownAt, .. workstream]);
    }

    /// <summary>The values by workstream, then by tally name.</summary>
    public static Dictionary<string, IReadOnlyDictionary<string, long>> ByWorkstream(IEnumerable<TallyValue> values) =>
        values.GroupBy(value => value.WorkstreamId)
            .ToDictionary(group => group.Key, group => (IReadOnlyDictionary<string, long>)group.ToDictionary(value => value.Tally, value => value.Value, StringComparer.Ordinal));

    public static readonly IReadOnlyDictionary<string, long> None = new Dictionary<string, long>();
}
