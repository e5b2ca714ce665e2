using Marten;
using Transfer.Domain.Organisations;
using Transfer.Domain.Readiness;
using Transfer.Domain.WorkingGroups;
using Transfer.Domain.Workstreams;

namespace Transfer.Api.Boards;

/// <summary>
/// What the boards are computed from, read in one round trip: the projected timelines and counted items
/// (never the events themselves) and the reference data, cut to what the horizon knows.
/// </summary>
public sealed record BoardData(IReadOnlyList<WorkstreamStatus> Workstreams, IReadOnlyList<WorkingGroup> Groups, IReadOnlyList<Organisation> Organisations)
{
    public static async Task<BoardData> Load(IQuerySession session, Horizon horizon, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var timelines = batch.Query<WorkstreamTimeline>().ToList();
        var items = batch.Query<CountedItem>().ToList();
        var groups = batch.Query<WorkingGroup>().ToList();
        var organisations = batch.Query<Organisation>().ToList();
        await batch.Execute(cancellation);

        var itemsByWorkstream = (await items).ToLookup(item => item.WorkstreamId);
        return new BoardData(
            (await timelines).Select(timeline => WorkstreamStatus.Evaluate(timeline, itemsByWorkstream[timeline.Id], horizon)).OfType<WorkstreamStatus>().ToList(),
            (await groups).Where(group => horizon.Knows(group.RegisteredAt)).ToList(),
            (await organisations).Where(organisation => horizon.Knows(organisation.RegisteredAt)).OrderBy(o => o.Id, StringComparer.Ordinal).ToList());
    }

    public Domain.Readiness.Boards Boards() => new(Groups, Workstreams);
}
