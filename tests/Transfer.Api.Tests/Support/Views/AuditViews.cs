namespace Transfer.Api.Tests.Support.Views;

/// <summary>
/// An event as GET /api/workstreams/{id}/history and the event log answer it: API.md's sequence, version, type,
/// occurredOn, recordedAt, recordedBy and data, and the API's streamId, link (its place in the chain, once chained)
/// and importId/importRow (null for a single posting).
/// </summary>
public sealed record RecordedEvent(
    long Sequence, string StreamId, long Version, string Type, string? OccurredOn, string RecordedAt, string? RecordedBy,
    RawJson Data, string? Link, string? ImportId, int? ImportRow);

/// <summary>A page of GET /api/audit/events: <see cref="Next"/> the sequence to ask for after, null on the last page.</summary>
public sealed record EventLogPage(ValueList<RecordedEvent> Events, long? Next);

/// <summary>
/// GET /api/audit/verify. The API answers expectedHeadFound null when no expectedHead was asked for (API.md: the field
/// is added then), and viewDifferences, which API.md does not name.
/// </summary>
public sealed record VerificationReport(
    bool Intact, long Events, string? Head, bool ViewsMatchReplay, ValueList<ChainProblem> Problems, bool? ExpectedHeadFound,
    long UnchainedEvents, ValueList<string> ViewDifferences);

public sealed record ChainProblem(long Sequence, string Problem);
