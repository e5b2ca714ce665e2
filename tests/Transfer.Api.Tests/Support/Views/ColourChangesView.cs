namespace Transfer.Api.Tests.Support.Views;

// GET /api/changes (a route API.md does not name): what changed colour between two boards, and why.

/// <summary>The boards of <see cref="From"/> and <see cref="To"/> compared, both as known at <see cref="KnownAt"/> (null: now).</summary>
public sealed record ColourChangesView(
    string From, string To, string? KnownAt, bool Widened, ValueList<WorkstreamChange> Workstreams, ValueList<OrganisationChange> Organisations);

/// <summary>A workstream whose overall colour differs, the parts of it that changed, and the causes.</summary>
public sealed record WorkstreamChange(
    string Id, string Name, string WorkingGroupId, string Was, string Now, ValueList<PartChange> Parts, ChangeCauses Causes);

/// <summary>A part of a workstream's colour that changed: progress, or an assessed dimension.</summary>
public sealed record PartChange(string Part, string Was, string Now);

/// <summary>An organisation whose colour on the municipality board differs, with its workstreams that changed there.</summary>
public sealed record OrganisationChange(string Id, string Name, string Was, string Now, ValueList<OrganisationWorkstreamChange> Workstreams);

public sealed record OrganisationWorkstreamChange(string Id, string Name, string Was, string Now, ChangeCauses Causes);

/// <summary>What changed a colour: the due date in force at the window's start and end, the items posted, and the PMO's decisions in it.</summary>
public sealed record ChangeCauses(
    string DueDateWas, string DueDate, bool DueDatePassed, ValueList<ItemsPosted> Posted, ValueList<EventNote> Decisions, int EarlierDecisions);

/// <summary>Items of one type posted for one organisation (null: county level) in the window, and where they sit in the history.</summary>
public sealed record ItemsPosted(
    string Type, string? OrganisationId, int Count, string FirstOn, string LastOn, string LastRecordedAt, ValueList<string> RecordedBy,
    long FirstSequence, long LastSequence);
