namespace Transfer.Domain.WorkingGroups;

/// <summary>A section or working group of the interim preparatory body; <c>ParentId</c> builds the tree.</summary>
public sealed record WorkingGroupRegistered(string WorkingGroupId, string Name, string? ParentId);

/// <param name="RegisteredAt">When the registration was recorded: boards known at an earlier instant leave it out.</param>
public sealed record WorkingGroup(string Id, string Name, string? ParentId, DateTimeOffset RegisteredAt)
{
    public static WorkingGroup From(WorkingGroupRegistered e, DateTimeOffset registeredAt) => new(e.WorkingGroupId, e.Name, e.ParentId, registeredAt);
}
