namespace Transfer.Api.Tests.Support.Views;

// The reference data as GET /api/working-groups and /api/organisations list it (routes API.md does not name):
// what was registered, and when it was recorded.

public sealed record WorkingGroupListing(string Id, string Name, string? ParentId, string RegisteredAt);

public sealed record OrganisationListing(string Id, string Name, string Kind, string RegisteredAt);
