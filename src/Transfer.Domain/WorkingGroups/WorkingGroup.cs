namespace Transfer.Domain.WorkingGroups;

/// <summary>A section or working group of the interim preparatory body; <c>ParentId</c> builds the tree.</summary>
public sealed record WorkingGroupRegistered(string WorkingGroupId, string Name, string? ParentId);

public sealed record WorkingGroup(string Id, string Name, string? ParentId)
{
    public static WorkingGroup From(WorkingGroupRegistered e) => new(e.WorkingGroupId, e.Name, e.ParentId);
}
