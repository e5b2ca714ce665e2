namespace Transfer.Api.Tests.Support.Views;

// What a write answers. API.md names the workstream events' {workstreamId, version}; the registrations' answers
// (the registered thing as recorded) it leaves to the team.

/// <summary>A workstream event's answer (201), and that of setting targets and rescheduling (200): the stream's new version.</summary>
public sealed record WorkstreamVersion(string WorkstreamId, long Version);

/// <summary>POST /api/organisations' answer.</summary>
public sealed record RegisteredOrganisation(string Id, string Name, string Kind);

/// <summary>POST /api/working-groups' answer.</summary>
public sealed record RegisteredWorkingGroup(string Id, string Name, string? ParentId);

/// <summary>POST /api/workstreams' answer: the workstream as registered, at version 1.</summary>
public sealed record RegisteredWorkstream(string Id, string Name, string WorkingGroupId, string Category, string StartDate, string DueDate, long Version);
