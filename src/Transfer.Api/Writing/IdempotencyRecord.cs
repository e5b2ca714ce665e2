namespace Transfer.Api.Writing;

/// <summary>
/// The first successful response to a request sent with an Idempotency-Key, stored in the same
/// transaction as the events it appended, so a retry gets the same answer and appends nothing.
/// </summary>
/// <param name="Id">A hash of the user and the key: keys are unique per client, not across clients.</param>
/// <param name="Fingerprint">A hash of method, path and body, to refuse the same key for a different request.</param>
public sealed record IdempotencyRecord(
    string Id,
    string Key,
    string RecordedBy,
    string Fingerprint,
    int StatusCode,
    string ResponseJson,
    string? Location,
    string? ETag,
    DateTimeOffset RecordedAt);
