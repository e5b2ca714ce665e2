using Marten.Services.BatchQuerying;
using Transfer.Domain.Readiness;

namespace Transfer.Api.Boards;

/// <summary>One tally of one workstream, with its value at a horizon.</summary>
public sealed record TallyValue(string WorkstreamId, string Tally, long Value);

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
    private const string ValueAtHorizon = """
        jsonb_build_object('workstreamId', b.workstream_id, 'tally', b.tally, 'value',
            coalesce(b.before_sums[width_bucket(?::integer, b.before_days)], 0)
            + coalesce((select sum(step.delta) from unnest(b.step_days, b.step_known, b.step_deltas) as step(day, known, delta)
                        where step.day <= ?::integer and (?::timestamptz is null or step.known <= ?::timestamptz)), 0))
        """;

    /// <summary>Every tally of one workstream, or of all of them, of the county whose tenant is <paramref name="tenant"/>, at the horizon.</summary>
    public static Task<IReadOnlyList<TallyValue>> Query(IBatchedQuery batch, string tenant, Horizon horizon, string? workstreamId)
    {
        var day = horizon.AsOf.DayNumber;
        var knownAt = horizon.KnownAt?.ToUniversalTime();
        var ofWorkstream = workstreamId is null ? "" : " and o.workstream_id = ?"; // o: the tally's open block
        object?[] value = [day, day, knownAt, knownAt];
        object[] workstream = workstreamId is null ? [tenant] : [tenant, workstreamId];
        return knownAt is null
            // Today's knowledge: every tally's open block.
            ? batch.Query<TallyValue>($"select {ValueAtHorizon} from {MartenSetup.Schema}.mt_doc_tallyblock o cross join lateral (select o.*) b where o.is_open and o.tenant_id = ?{ofWorkstream}",
                [.. value!, .. workstream])
            // A past knownAt: for each tally, the last block opened by then, found by one index probe.
            : batch.Query<TallyValue>($"""
                select {ValueAtHorizon} from {MartenSetup.Schema}.mt_doc_tallyblock o
                cross join lateral (
                    select x.* from {MartenSetup.Schema}.mt_doc_tallyblock x
                    where x.tenant_id = o.tenant_id and x.series = o.series and x.opened_at <= ?
                    order by x.opened_at desc, x.number desc limit 1) b
                where o.is_open and o.tenant_id = ?{ofWorkstream}
                """, [.. value!, knownAt, .. workstream]);
    }

    /// <summary>The values by workstream, then by tally name.</summary>
    public static Dictionary<string, IReadOnlyDictionary<string, long>> ByWorkstream(IEnumerable<TallyValue> values) =>
        values.GroupBy(value => value.WorkstreamId)
            .ToDictionary(group => group.Key, group => (IReadOnlyDictionary<string, long>)group.ToDictionary(value => value.Tally, value => value.Value, StringComparer.Ordinal));

    public static readonly IReadOnlyDictionary<string, long> None = new Dictionary<string, long>();
}
