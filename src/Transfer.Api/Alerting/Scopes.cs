using Transfer.Api.Boards;
using Transfer.Domain.Readiness;
using Transfer.Domain.Subscriptions;

namespace Transfer.Api.Alerting;

/// <summary>A subscription's scope on today's boards: its name, its colour and its workstreams', as the boards show them.</summary>
public sealed record ScopeOnBoards(string Name, ScopeNow Now, IReadOnlyDictionary<string, WorkstreamStatus> Workstreams);

public static class Scopes
{
    /// <summary>The scope as the boards of <paramref name="data"/> show it, or null when they do not know it.</summary>
    public static ScopeOnBoards? Read(BoardData data, SubscriptionScope scope, string id)
    {
        var statuses = data.Workstreams.ToDictionary(status => status.Workstream.Id);
        WatchedWorkstream Watched(string workstreamId, Domain.Common.Rag rag) => new(workstreamId, statuses[workstreamId].DueDate, rag);
        switch (scope)
        {
            case SubscriptionScope.Workstream when statuses.TryGetValue(id, out var status):
                return new ScopeOnBoards(status.Workstream.Name, new ScopeNow(status.Rag.Overall, [Watched(id, status.Rag.Overall)]),
                    new Dictionary<string, WorkstreamStatus> { [id] = status });
            case SubscriptionScope.WorkingGroup when data.Rollup() is var rollup && rollup.WorkingGroup(id) is { } board:
                // The group with every group under it: a chair of a group is told of its sections' workstreams too.
                var inGroup = rollup.WorkstreamsUnder(id).ToList();
                return new ScopeOnBoards(board.Name, new ScopeNow(board.Rag, inGroup.Select(w => Watched(w.Workstream.Id, w.Rag.Overall)).ToList()),
                    inGroup.ToDictionary(w => w.Workstream.Id));
            case SubscriptionScope.Organisation when data.Organisations.FirstOrDefault(organisation => organisation.Id == id) is { } organisation:
                var onBoard = BoardRollup.Organisation(organisation, data.Workstreams);
                return new ScopeOnBoards(onBoard.Name, new ScopeNow(onBoard.Rag, onBoard.Workstreams.Select(w => Watched(w.Id, w.Rag)).ToList()),
                    onBoard.Workstreams.ToDictionary(w => w.Id, w => statuses[w.Id]));
            default:
                return null;
        }
    }
}
