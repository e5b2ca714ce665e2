using Marten;
using Transfer.Domain.Organisations;
using Transfer.Domain.Readiness;
using Transfer.Domain.WorkingGroups;

namespace Transfer.Api.Boards;

/// <summary>
/// What the boards are computed from, read in one round trip: each workstream's profile and each of its
/// tallies' value at the horizon (never the items or events behind them), and the reference data, cut to
/// what the horizon knows. The work follows the number of workstreams and
/// tallies shown, whatever the history holds.
/// </summary>
public sealed record BoardData(IReadOnlyList<WorkstreamStatus> Workstreams, IReadOnlyList<WorkingGroup> Groups, IReadOnlyList<Organisation> Organisations)
{
    public static async Task<BoardData> Load(IQuerySession session, Horizon horizon, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var profiles = batch.Query<WorkstreamProfile>().ToList();
        var tallies = TallyValues.Query(batch, session.TenantId, horizon, workstreamId: null);
        var groups = batch.Query<WorkingGroup>().ToList();
        var organisations = batch.Query<Organisation>().ToList();
        await batch.Execute(cancellation);

        var byWorkstream = TallyValues.ByWorkstream(await tallies);
        return new BoardData(
            (await profiles).Select(profile => WorkstreamStatus.Evaluate(profile, byWorkstream.GetValueOrDefault(profile.Id, TallyValues.None), horizon)).OfType<WorkstreamStatus>().ToList(),
            (await groups).Where(group => horizon.Knows(group.RegisteredAt)).ToList(),
            (await organisations).Where(organisation => horizon.Knows(organisation.RegisteredAt)).OrderBy(o => o.Id, StringComparer.Ordinal).ToList());
    }

    public BoardRollup Rollup() => new(Groups, Workstreams);
}
