using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Services.BatchQuerying;

namespace Transfer.Api.Writing;

/// <summary>
/// Runs every write of the API the same way, in one transaction: one batched read of what the decision
/// needs (behind per-stream and per-Idempotency-Key advisory locks, so writers of the same stream queue
/// instead of racing), the decision, then one batched write holding the events, their metadata and the
/// idempotency record, and the commit. It answers Idempotency-Key retries, turns a stale If-Match into
/// 412, and, should a write still lose a race (a writer outside this pipeline), decides it again on the
/// fresh state: without If-Match the client asked for no particular version.
/// </summary>
public sealed class WritePipeline(IDocumentStore store, HelsinkiClock clock, ILogger<WritePipeline> logger)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private const int MaxKeyLength = 200;
    private const int MaxAttempts = 5;
    public const string AlreadyExists = "It already exists: ids are chosen once and never reused.";
    public const string StaleVersion = "The workstream has changed since that version; read it again and decide on the current state.";

    /// <param name="fields">The request's fields as read; any error among them is answered before anything else.</param>
    public async Task<IResult> Run(HttpContext http, object request, RequestFields fields, Func<WriteAttempt, Func<WriteOutcome>> plan)
    {
        if (fields.Problem() is { } invalid)
            return invalid;
        var user = http.User.RecordedBy();
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length > MaxKeyLength)
            return Problems.Validation(IdempotencyKeyHeader, $"may be at most {MaxKeyLength} characters");
        if (key.AsSpan().ContainsAnyExceptInRange('!', '~'))
            return Problems.Validation(IdempotencyKeyHeader, "must be printable ASCII without spaces, for example a UUID");
        var idempotency = key.Length == 0 ? null : new { Id = Hash(user, key), Fingerprint = Fingerprint(http, request) };

        var ifMatch = IfMatch.Parse(http.Request.Headers.IfMatch.ToString());
        if (ifMatch is IfMatch.Unreadable)
            return Problems.PreconditionFailed("If-Match must be the ETag of the workstream, for example \"3\".");
        var expectedVersion = (ifMatch as IfMatch.Version)?.Value;

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            await using var session = store.LightweightSession();
            session.LastModifiedBy = user;
            session.CorrelationId = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
            if (key.Length > 0) session.SetHeader("idempotencyKey", key);

            try
            {
                await session.BeginTransactionAsync(http.RequestAborted);
                var batch = session.CreateBatchQuery();
                // Locks first, always in this order (key, then stream), so two requests never wait on each other crosswise.
                if (idempotency is not null) QueueLock(batch, "idempotency:" + idempotency.Id);
                var decide = plan(new WriteAttempt(session, batch, clock.Today, expectedVersion));
                var earlier = idempotency is null ? null : batch.Load<IdempotencyRecord>(idempotency.Id);
                await batch.Execute(http.RequestAborted);

                if (earlier is not null && await earlier is { } record)
                    return record.Fingerprint == idempotency!.Fingerprint
                        ? Respond(record.StatusCode, record.ResponseJson, record.Location, record.ETag)
                        : TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused",
                            detail: "This Idempotency-Key was already used for a different request; use a new key for a new request.");

                var outcome = decide();
                if (outcome is WriteOutcome.Refused refused)
                    return refused.Problem;
                var saved = (WriteOutcome.Saved)outcome;

                var json = JsonSerializer.Serialize(saved.Body, TransferJson.Options);
                var etag = saved.Version is { } version ? $"\"{version}\"" : null;
                if (idempotency is not null)
                    session.Insert(new IdempotencyRecord(idempotency.Id, key, user, idempotency.Fingerprint,
                        saved.StatusCode, json, saved.Location, etag, DateTimeOffset.UtcNow));

                await session.SaveChangesAsync(http.RequestAborted);
                return Respond(saved.StatusCode, json, saved.Location, etag);
            }
            catch (Exception e) when (IsLostRace(e) && expectedVersion is not null)
            {
                // A writer outside this pipeline got in between: the version the client named is gone.
                return Problems.PreconditionFailed(StaleVersion);
            }
            catch (Marten.Exceptions.ExistingStreamIdCollisionException)
            {
                return Problems.Conflict(AlreadyExists);
            }
            catch (Exception e) when (IsLostRace(e) || e is DocumentAlreadyExistsException)
            {
                // Another writer appended to the same stream, or a retry with the same key won the race:
                // decide again on what is recorded now (a replay, if it was the same key).
                logger.LogInformation(e, "Write to {Path} lost a race on attempt {Attempt}", http.Request.Path, attempt);
                if (attempt < MaxAttempts)
                    await Task.Delay(Random.Shared.Next(1, 10 << Math.Min(attempt, 5)), http.RequestAborted);
            }
        }
        http.Response.Headers.RetryAfter = "1";
        return Problems.Conflict("Too many simultaneous writes to the same stream; try again.");
    }

    private static IResult Respond(int status, string json, string? location, string? etag) => new StoredJsonResult(status, json, location, etag);

    /// <summary>Queues a transaction-scoped advisory lock on <paramref name="name"/>; it is released at commit or rollback.</summary>
    internal static void QueueLock(IBatchedQuery batch, string name) =>
        batch.Query<string>("select 'locked' from (select pg_advisory_xact_lock(hashtextextended(?, 0))) as queued", "transfer:" + name);

    /// <summary>Marten's two ways of saying the stream moved on between our read and our append.</summary>
    private static bool IsLostRace(Exception e) => e is ConcurrencyException or EventStreamUnexpectedMaxEventIdException;

    private static string Hash(params string[] parts) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))));

    /// <summary>The request as understood, not as typed: the same JSON with other spacing is the same request.</summary>
    private static string Fingerprint(HttpContext http, object request) =>
        Hash(http.Request.Method, http.Request.Path, JsonSerializer.Serialize(request, request.GetType(), TransferJson.Options));

    private sealed class StoredJsonResult(int status, string json, string? location, string? etag) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            if (location is not null) http.Response.Headers.Location = location;
            if (etag is not null) http.Response.Headers.ETag = etag;
            http.Response.ContentType = "application/json; charset=utf-8";
            return http.Response.WriteAsync(json);
        }
    }
}

/// <summary>The If-Match header as the write pipeline understands it: absent, "*", one version, or unreadable.</summary>
public abstract record IfMatch
{
    public sealed record Absent : IfMatch;
    public sealed record Any : IfMatch;
    public sealed record Version(long Value) : IfMatch;
    public sealed record Unreadable : IfMatch;

    public static IfMatch Parse(string header)
    {
        header = header.Trim();
        if (header.Length == 0) return new Absent();
        if (header == "*") return new Any();
        return header.Length > 2 && header[0] == '"' && header[^1] == '"' && long.TryParse(header[1..^1], out var version) && version >= 0
            ? new Version(version)
            : new Unreadable();
    }
}
