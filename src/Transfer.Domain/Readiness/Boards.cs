using Transfer.Domain.Common;
using Transfer.Domain.Organisations;
using Transfer.Domain.Workstreams;
using Transfer.Domain.WorkingGroups;

namespace Transfer.Domain.Readiness;

public sealed record RagCounts(int Red, int Amber, int Green, int None)
{
    public static readonly RagCounts Zero = new(0, 0, 0, 0);

    public static RagCounts Of(IEnumerable<Rag> rags) => rags.Aggregate(Zero, (counts, rag) => counts.Add(rag));

    public RagCounts Add(Rag rag) => rag switch
    {
        Rag.Red => this with { Red = Red + 1 },
        Rag.Amber => this with { Amber = Amber + 1 },
        Rag.Green => this with { Green = Green + 1 },
        _ => this with { None = None + 1 },
    };

    public static RagCounts operator +(RagCounts a, RagCounts b) => new(a.Red + b.Red, a.Amber + b.Amber, a.Green + b.Green, a.None + b.None);
}

/// <summary>A working group rolled up: the worst of its workstreams' overall RAGs and its child groups', and its subtree's counts.</summary>
public sealed record GroupRollup(string Id, string Name, Rag Rag, RagCounts Counts);

/// <summary>
/// A workstream on its working group's board: all six parts of its RAG (<c>Rag</c> is the overall colour), the due
/// date in force, and its progress in numbers over every target in force.
/// </summary>
/// <param name="Expected">The sum of its targets' expected counts.</param>
/// <param name="Done">The sum of its targets' done counts, each counted up to its target's expected, so Done ≤ Expected.</param>
public sealed record GroupWorkstream(
    string Id, string Name, Rag Rag, Rag Progress, Rag Deliverables, Rag Schedule, Rag Cost, Rag Benefits, Rag Risk,
    DateOnly DueDate, int Expected, int Done)
{
    public static GroupWorkstream Of(WorkstreamStatus status) => new(
        status.Workstream.Id, status.Workstream.Name, status.Rag.Overall, status.Rag.Progress, status.Rag.Deliverables,
        status.Rag.Schedule, status.Rag.Cost, status.Rag.Benefits, status.Rag.Risk, status.DueDate,
        status.Targets.Sum(target => target.Expected), status.Targets.Sum(target => Math.Min(target.Done, target.Expected)));
}

public sealed record WorkingGroupBoard(string Id, string Name, Rag Rag, RagCounts Counts, IReadOnlyList<GroupWorkstream> Workstreams, IReadOnlyList<GroupRollup> Groups);

/// <summary>A top-level working group on the portfolio, with its sections (its child groups) rolled up.</summary>
public sealed record PortfolioGroup(string Id, string Name, Rag Rag, RagCounts Counts, IReadOnlyList<GroupRollup> Groups);

public sealed record PortfolioBoard(Rag Rag, RagCounts Counts, IReadOnlyList<PortfolioGroup> Groups);

public sealed record OrganisationTarget(TargetKind Kind, int Expected, int Done, Rag Rag);

public sealed record OrganisationWorkstream(string Id, string Name, Rag Rag, IReadOnlyList<OrganisationTarget> Targets);

public sealed record OrganisationBoard(string Id, string Name, OrganisationKind Kind, Rag Rag, RagCounts Counts, IReadOnlyList<OrganisationWorkstream> Workstreams);

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
