using System.Text.Json;
using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Services.BatchQuerying;

namespace Transfer.Api.Writing;

/// <summary>
/// One write, in one database transaction: what its decision needs is queued (each stream it writes behind
/// that stream's lock) and read in one round trip with <see cref="Read"/> (the workstreams' write loop does
/// this for every workstream post, single or imported; a registration does it itself), the domain decides,
/// the events are appended, and <see cref="Commit"/> saves them with the answer kept for the request's
/// Idempotency-Key. Disposing it without a commit rolls everything back.
/// </summary>
public sealed class WriteTransaction : IAsyncDisposable
{
    private readonly IDocumentSession? session;
    private readonly HttpContext? http;
    private readonly IdempotencyClaim? idempotency;
    private readonly ILogger? logger;
    private IBatchedQuery? batch;

    internal WriteTransaction(IDocumentSession session, HttpContext http, DateOnly today, long? expectedVersion, IdempotencyClaim? idempotency,
        ILogger logger)
    {
        this.session = session;
        this.http = http;
        this.idempotency = idempotency;
        this.logger = logger;
        Today = today;
        ExpectedVersion = expectedVersion;
    }

    private WriteTransaction(IResult answer) => Answer = answer;

    internal static WriteTransaction Answered(IResult answer) => new(answer);

    public const string LostRace = "Another write to the same stream got in first; nothing was appended. Try again.";

    /// <summary>
    /// The answer known before the endpoint reads anything: a refusal of the request's form (its fields,
    /// a malformed Idempotency-Key, an If-Match that is no ETag), the first answer to this Idempotency-Key,
    /// or 422 when the key was used for another request. When it is set, there is nothing to write.
    /// </summary>
    public IResult? Answer { get; }

    public IDocumentSession Session => session ?? throw new InvalidOperationException("This write was already answered.");

    /// <summary>The business date today in Helsinki, the same for the whole write.</summary>
    public DateOnly Today { get; }

    /// <summary>The version If-Match names, if it names one.</summary>
    public long? ExpectedVersion { get; }

    private IBatchedQuery Batch => batch ??= Session.CreateBatchQuery();

    private CancellationToken Aborted => http!.RequestAborted;

    /// <summary>
    /// Queues the stream for writing, behind any other write to it still in flight: a transaction-scoped
    /// advisory lock is taken before the stream is read, so the decision sees the latest committed state
    /// instead of racing and retrying. Writes to other streams never wait. Queue it first, before the
    /// reads the decision makes under the lock (an item already counted, say).
    /// </summary>
    public Task<IEventStream<T>> FetchForWriting<T>(string streamKey) where T : class
    {
        QueueLock(Batch, "stream:" + streamKey);
        return Batch.Events.FetchForWriting<T>(streamKey);
    }

    /// <summary>
    /// For a write that starts a stream: whether it exists already, read behind the stream's lock, so a
    /// second registration of an id is refused as a conflict before anything is appended.
    /// </summary>
    public Task<StreamState?> ExistingStream(string streamKey)
    {
        QueueLock(Batch, "stream:" + streamKey);
        return Batch.Events.FetchStreamState(streamKey)!;
    }

    public Task<T?> Load<T>(string id) where T : class => Batch.Load<T>(id)!;

    /// <summary>Reads everything queued so far, in one round trip.</summary>
    public async Task Read()
    {
        await Batch.Execute(Aborted);
        batch = null;
    }

    /// <summary>Saves what was appended and answers with <paramref name="body"/>; the answer is kept for the Idempotency-Key.</summary>
    /// <param name="version">The stream's version after the write, sent as the ETag.</param>
    /// <param name="idempotency">The key the answer is kept for, where the write did not begin with one (an import's, found by its file).</param>
    public async Task<IResult> Commit(int status, object body, string? location = null, long? version = null, IdempotencyClaim? idempotency = null)
    {
        var json = JsonSerializer.Serialize(body, TransferJson.Options);
        var etag = version is { } written ? $"\"{written}\"" : null;
        idempotency ??= this.idempotency;
        if (idempotency is not null)
            Session.Insert(new IdempotencyRecord(idempotency.Id, idempotency.Key, idempotency.User, idempotency.Fingerprint,
                status, json, location, etag, DateTimeOffset.UtcNow));
        try
        {
            await Session.SaveChangesAsync(Aborted);
        }
        catch (Exception e) when (e is ConcurrencyException or EventStreamUnexpectedMaxEventIdException or DocumentAlreadyExistsException)
        {
            // Only a writer that bypasses this API's locks gets here: they queue every write of this API.
            logger!.LogWarning(e, "A write to {Path} lost a race to a writer outside the stream locks; nothing was appended", http!.Request.Path);
            if (ExpectedVersion is not null)
                return Problems.PreconditionFailed(Writes.StaleVersion);
            http.Response.Headers.RetryAfter = "1";
            return Problems.Conflict(LostRace);
        }
        catch (Marten.Exceptions.ExistingStreamIdCollisionException)
        {
            return Problems.Conflict(Writes.AlreadyExists);
        }
        return new StoredJsonResult(status, json, location, etag);
    }

    /// <summary>The answer stored for this Idempotency-Key, read behind the key's lock; null for a first request.</summary>
    internal async Task<IResult?> EarlierAnswer(IdempotencyClaim claim) => await KeyUse(claim) switch
    {
        null => null,
        { } record when record.Fingerprint == claim.Fingerprint => new StoredJsonResult(record.StatusCode, record.ResponseJson, record.Location, record.ETag),
        _ => KeyReused(),
    };

    /// <summary>What this Idempotency-Key was first used for, read behind the key's lock (held to the commit); null when never.</summary>
    public async Task<IdempotencyRecord?> KeyUse(IdempotencyClaim claim)
    {
        QueueLock(Batch, "idempotency:" + claim.Id);
        var stored = Load<IdempotencyRecord>(claim.Id);
        await Read();
        return await stored;
    }

    /// <summary>The answer to a key used before for another request: keys name one request, across every write route.</summary>
    public static IResult KeyReused() => TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused",
        detail: "This Idempotency-Key was already used for a different request; use a new key for a new request.");

    /// <summary>Whether this transaction got the lock on <paramref name="name"/> in its county at once; false when another holds it.</summary>
    public async Task<bool> TryLock(string name) =>
        (await Session.QueryAsync<bool>("select pg_try_advisory_xact_lock(hashtextextended(?, 0))", Aborted, LockName(name))).Single();

    /// <summary>
    /// Queues a transaction-scoped advisory lock on <paramref name="name"/> in the session's county (the same
    /// stream id in two counties is two streams); it is released at commit or rollback.
    /// </summary>
    private void QueueLock(IBatchedQuery batch, string name) =>
        batch.Query<string>("select 'locked' from (select pg_advisory_xact_lock(hashtextextended(?, 0))) as queued", LockName(name));

    /// <summary>A lock's name in the session's county: the same stream id in two counties is two streams.</summary>
    private string LockName(string name) => $"transfer:{Session.TenantId}:{name}";

    public ValueTask DisposeAsync() => session?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>An answer as first written: the same bytes for the first request and for every retry of it.</summary>
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
