namespace Transfer.Api.Tests.Support.Views;

/// <summary>How many red, amber, green and uncoloured things a board counts.</summary>
public sealed record RagCounts(int Red, int Amber, int Green, int None);

/// <summary>GET /api/working-groups/{id}/status.</summary>
public sealed record WorkingGroupStatus(
    string Id, string Name, string Rag, RagCounts Counts, ValueList<GroupWorkstream> Workstreams, ValueList<GroupRollup> Groups);

/// <summary>
/// A workstream on its group's board: API.md names id, name, rag and progress; the API adds the assessed parts, the
/// due date in force and its targets' expected and done sums (done capped at expected, target by target).
/// </summary>
public sealed record GroupWorkstream(
    string Id, string Name, string Rag, string Progress, string Deliverables, string Schedule, string Cost, string Benefits, string Risk,
    string DueDate, int Expected, int Done);

/// <summary>A working group rolled up: its colour and counts over everything under it.</summary>
public sealed record GroupRollup(string Id, string Name, string Rag, RagCounts Counts);

/// <summary>GET /api/portfolio: the top-level working groups, each with its sections (a field API.md does not name).</summary>
public sealed record PortfolioView(string Rag, RagCounts Counts, ValueList<PortfolioGroup> Groups);

public sealed record PortfolioGroup(string Id, string Name, string Rag, RagCounts Counts, ValueList<GroupRollup> Groups);

/// <summary>GET /api/organisations/{id}/status (with counts, which API.md does not name).</summary>
public sealed record OrganisationStatus(
    string Id, string Name, string Kind, string Rag, RagCounts Counts, ValueList<OrganisationWorkstream> Workstreams);

public sealed record OrganisationWorkstream(string Id, string Name, string Rag, ValueList<OrganisationTarget> Targets);

public sealed record OrganisationTarget(string Kind, int Expected, int Done, string Rag);

/// <summary>A row of GET /api/organisations/status, the municipality board, with each workstream's colour (not named by API.md).</summary>
public sealed record MunicipalityBoardRow(
    string Id, string Name, string Kind, string Rag, RagCounts Counts, ValueList<MunicipalityBoardWorkstream> Workstreams);

public sealed record MunicipalityBoardWorkstream(string Id, string Name, string Rag);
