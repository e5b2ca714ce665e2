namespace Transfer.Api.Tests.Support.Views;

/// <summary>
/// An event as GET /api/workstreams/{id}/history and the event log answer it: API.md's sequence, version, type,
/// occurredOn, recordedAt, recordedBy and data, and the API's streamId, link (its place in the chain, once chained)
/// and importId/importRow (null for a single posting).
/// </summary>
public sealed record AuditEvent(
    long Sequence, string StreamId, long Version, string Type, string? OccurredOn, string RecordedAt, string? RecordedBy,
    RawJson Data, string? Link, string? ImportId, int? ImportRow);
