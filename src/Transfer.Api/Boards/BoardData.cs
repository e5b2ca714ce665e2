using Marten;
using Marten.Services.BatchQuerying;
using Transfer.Domain.Organisations;
using Transfer.Domain.Readiness;
using Transfer.Domain.WorkingGroups;

namespace Transfer.Api.Boards;

/// <summary>
/// What the boards are computed from, read in one round trip: each workstream's profile and, for each of
/// its tallies, the one block open at the horizon's knownAt (never the items or events behind them), and
/// the reference data, cut to what the horizon knows. The work follows the number of workstreams and
/// tallies shown, whatever the history holds.
/// </summary>
public sealed record BoardData(IReadOnlyList<WorkstreamStatus> Workstreams, IReadOnlyList<WorkingGroup> Groups, IReadOnlyList<Organisation> Organisations)
{
    public static async Task<BoardData> Load(IQuerySession session, Horizon horizon, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var profiles = batch.Query<WorkstreamProfile>().ToList();
        var blocks = TallyBlocks(batch, horizon, workstreamId: null);
        var groups = batch.Query<WorkingGroup>().ToList();
        var organisations = batch.Query<Organisation>().ToList();
        await batch.Execute(cancellation);

        var tallies = ByWorkstream(await blocks);
        return new BoardData(
            (await profiles).Select(profile => WorkstreamStatus.Evaluate(profile, tallies.GetValueOrDefault(profile.Id, NoTallies), horizon)).OfType<WorkstreamStatus>().ToList(),
            (await groups).Where(group => horizon.Knows(group.RegisteredAt)).ToList(),
            (await organisations).Where(organisation => horizon.Knows(organisation.RegisteredAt)).OrderBy(o => o.Id, StringComparer.Ordinal).ToList());
    }

    public Domain.Readiness.Boards Boards() => new(Groups, Workstreams);

    /// <summary>
    /// For every tally (of one workstream, or of all), the block open at knownAt: today's open block, or
    /// the last one opened by then (one index probe per tally).
    /// </summary>
    public static Task<IReadOnlyList<TallyBlock>> TallyBlocks(IBatchedQuery batch, Horizon horizon, string? workstreamId)
    {
        var ofWorkstream = workstreamId is null ? "" : " and o.workstream_id = ?";
        object[] parameters = workstreamId is null ? [] : [workstreamId];
        return horizon.KnownAt is not { } knownAt
            ? batch.Query<TallyBlock>($"select o.data from transfer.mt_doc_tallyblock o where o.is_open{ofWorkstream}", parameters)
            : batch.Query<TallyBlock>($"""
                select b.data from transfer.mt_doc_tallyblock o
                cross join lateral (
                    select x.data from transfer.mt_doc_tallyblock x
                    where x.series = o.series and x.opened_at <= ?
                    order by x.opened_at desc, x.number desc limit 1) b
                where o.is_open{ofWorkstream}
                """, [knownAt.ToUniversalTime(), .. parameters]);
    }

    private static readonly IReadOnlyDictionary<string, TallyBlock> NoTallies = new Dictionary<string, TallyBlock>();

    public static Dictionary<string, IReadOnlyDictionary<string, TallyBlock>> ByWorkstream(IEnumerable<TallyBlock> blocks) =>
        blocks.GroupBy(block => block.WorkstreamId)
            .ToDictionary(group => group.Key, group => (IReadOnlyDictionary<string, TallyBlock>)group.ToDictionary(block => block.Tally, StringComparer.Ordinal));
}
