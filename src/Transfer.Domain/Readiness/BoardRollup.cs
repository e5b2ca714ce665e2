using Transfer.Domain.Common;
using Transfer.Domain.Organisations;
using Transfer.Domain.WorkingGroups;
using Transfer.Domain.Workstreams;

namespace Transfer.Domain.Readiness;

/// <summary>The boards the chairs and the PMO read, rolled up from workstream statuses by the PMO's rules.</summary>
public sealed class BoardRollup
{
    private readonly IReadOnlyList<WorkingGroup> groups;
    private readonly ILookup<string?, WorkingGroup> children;
    private readonly ILookup<string, WorkstreamStatus> workstreamsByGroup;
    private readonly Dictionary<string, GroupRollup> rollups = new();

    /// <param name="groups">The working groups known at the horizon.</param>
    /// <param name="workstreams">Every workstream's status at the same horizon.</param>
    public BoardRollup(IReadOnlyList<WorkingGroup> groups, IReadOnlyList<WorkstreamStatus> workstreams)
    {
        this.groups = groups;
        var known = groups.Select(group => group.Id).ToHashSet();
        // A group whose parent is unknown at the horizon stands at the top, rather than vanishing.
        children = groups.OrderBy(group => group.Id, StringComparer.Ordinal)
            .ToLookup(group => group.ParentId is { } parent && known.Contains(parent) ? parent : null);
        workstreamsByGroup = workstreams.OrderBy(status => status.Workstream.Id, StringComparer.Ordinal)
            .ToLookup(status => status.Workstream.WorkingGroupId);
    }

    public WorkingGroupBoard? WorkingGroup(string id)
    {
        if (groups.FirstOrDefault(group => group.Id == id) is not { } group) return null;
        var rollup = Rollup(group);
        return new WorkingGroupBoard(group.Id, group.Name, rollup.Rag, rollup.Counts,
            workstreamsByGroup[group.Id].Select(GroupWorkstream.Of).ToList(),
            children[group.Id].Select(Rollup).ToList());
    }

    /// <summary>Every workstream of the group and of every group under it: those its colour is rolled up from.</summary>
    public IEnumerable<WorkstreamStatus> WorkstreamsUnder(string id) =>
        workstreamsByGroup[id].Concat(children[id].SelectMany(child => WorkstreamsUnder(child.Id)));

    public PortfolioBoard Portfolio()
    {
        var top = children[null].Select(group => (rollup: Rollup(group), sections: children[group.Id].Select(Rollup).ToList())).ToList();
        return new PortfolioBoard(RagRules.Worst(top.Select(group => group.rollup.Rag)),
            top.Aggregate(RagCounts.Zero, (sum, group) => sum + group.rollup.Counts),
            top.Select(group => new PortfolioGroup(group.rollup.Id, group.rollup.Name, group.rollup.Rag, group.rollup.Counts, group.sections)).ToList());
    }

    private GroupRollup Rollup(WorkingGroup group)
    {
        if (rollups.TryGetValue(group.Id, out var done)) return done;
        var own = workstreamsByGroup[group.Id].Select(ws => ws.Rag.Overall).ToList();
        var below = children[group.Id].Select(Rollup).ToList();
        var rollup = new GroupRollup(group.Id, group.Name,
            RagRules.Worst(own.Concat(below.Select(child => child.Rag))),
            below.Aggregate(RagCounts.Of(own), (sum, child) => sum + child.Counts));
        return rollups[group.Id] = rollup;
    }

    /// <summary>
    /// One organisation's board: every workstream with at least one target for it, coloured by the worst
    /// progress of those targets only. County-level targets belong to no organisation.
    /// </summary>
    public static OrganisationBoard Organisation(Organisation organisation, IEnumerable<WorkstreamStatus> workstreams)
    {
        var rows = workstreams
            .Select(ws => (ws, targets: ws.Targets.Where(target => target.OrganisationId == organisation.Id).ToList()))
            .Where(row => row.targets.Count > 0)
            .OrderBy(row => row.ws.Workstream.Id, StringComparer.Ordinal)
            .Select(row => new OrganisationWorkstream(row.ws.Workstream.Id, row.ws.Workstream.Name,
                RagRules.Worst(row.targets.Select(target => target.Rag)),
                row.targets.Select(target => new OrganisationTarget(target.Kind, target.Expected, target.Done, target.Rag)).ToList()))
            .ToList();
        return new OrganisationBoard(organisation.Id, organisation.Name, organisation.Kind,
            RagRules.Worst(rows.Select(row => row.Rag)), RagCounts.Of(rows.Select(row => row.Rag)), rows);
    }
}
