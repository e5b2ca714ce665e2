namespace Transfer.Api.Tests.Support.Views;

// The reference data as GET /api/working-groups and /api/organisations list it (routes API.md does not name):
// what was registered, and when it was recorded.

public sealed record WorkingGroupListing(string Id, string Name, string? ParentId, string RegisteredAt);

public sealed record OrganisationListing(string Id, string Name, string Kind, string RegisteredAt);

/// <summary>A page of GET /api/workstreams: <see cref="Next"/> the id to ask for after, null on the last page.</summary>
public sealed record WorkstreamPage(ValueList<WorkstreamListing> Workstreams, string? Next);

public sealed record WorkstreamListing(string Id, string Name, string WorkingGroupId, string Category, string StartDate);
