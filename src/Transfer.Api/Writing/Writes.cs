using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Transfer.Api.Security;

namespace Transfer.Api.Writing;

/// <summary>
/// Where every write of the API begins, the same way. Before anything is read, it answers what needs no
/// database: the request's fields at fault, a malformed Idempotency-Key or If-Match. With an
/// Idempotency-Key it then waits for any other request with that key (an advisory lock) and, when the key
/// already has an answer, returns that answer: a retry appends nothing. Otherwise the endpoint gets a
/// <see cref="WriteTransaction"/> to load, decide and append in. An import, whose identity is its file, opens
/// its transaction with <see cref="Open"/> and keeps its key in the same store.
/// </summary>
public sealed class Writes(Counties.CountyStores stores, HelsinkiClock clock, ILogger<WriteTransaction> logger)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int MaxKeyLength = 200;
    public const string AlreadyExists = "It already exists: ids are chosen once and never reused.";
    public const string StaleVersion = "The workstream has changed since that version; read it again and decide on the current state.";

    /// <param name="request">The request as read, for the Idempotency-Key's fingerprint.</param>
    /// <param name="fields">The request's fields as read; any error among them is the answer.</param>
    public async Task<WriteTransaction> Begin(HttpContext http, object request, RequestFields fields)
    {
        if (fields.Problem() is { } invalid)
            return WriteTransaction.Answered(invalid);
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (KeyProblem(key) is { } keyProblem)
            return WriteTransaction.Answered(Problems.Validation(IdempotencyKeyHeader, keyProblem));
        var ifMatch = IfMatch.Parse(http.Request.Headers.IfMatch.ToString());
        if (ifMatch is IfMatch.Unreadable)
            return WriteTransaction.Answered(Problems.PreconditionFailed("If-Match must be the ETag of the workstream, for example \"3\"."));

        var user = http.User.RecordedBy();
        var idempotency = key.Length == 0 ? null : new IdempotencyClaim(KeyId(user, key), key, user, Fingerprint(http, request));
        var write = await Open(http, (ifMatch as IfMatch.Version)?.Value, idempotency);
        try
        {
            if (idempotency is not null && await write.EarlierAnswer(idempotency) is { } earlier)
            {
                await write.DisposeAsync();
                return WriteTransaction.Answered(earlier);
            }
            return write;
        }
        catch
        {
            await write.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A transaction in the request's county that records who wrote (the user) and which request (the trace id) on
    /// every event it appends: where every write starts, a single post through <see cref="Begin"/> or an import.
    /// </summary>
    public async Task<WriteTransaction> Open(HttpContext http, long? expectedVersion = null, IdempotencyClaim? idempotency = null)
    {
        var session = stores.LightweightSession(Counties.CountyResolution.County(http));
        session.LastModifiedBy = http.User.RecordedBy();
        session.CorrelationId = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
        if (idempotency is not null) session.SetHeader("idempotencyKey", idempotency.Key);
        var write = new WriteTransaction(session, http, clock.Today, expectedVersion, idempotency, logger);
        try
        {
            await session.BeginTransactionAsync(http.RequestAborted);
            return write;
        }
        catch
        {
            await write.DisposeAsync();
            throw;
        }
    }

    /// <summary>What is wrong with an Idempotency-Key as a client sent it ("" when none), or null.</summary>
    public static string? KeyProblem(string key) =>
        key.Length > MaxKeyLength ? $"may be at most {MaxKeyLength} characters"
        : key.AsSpan().ContainsAnyExceptInRange('!', '~') ? "must be printable ASCII without spaces, for example a UUID"
        : null;

    /// <summary>A key's id: keys are unique per client (user), not across clients.</summary>
    public static string KeyId(string user, string key) => Hash(user, key);

    private static string Hash(params string[] parts) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))));

    /// <summary>The request as understood, not as typed: the same JSON with other spacing is the same request.</summary>
    private static string Fingerprint(HttpContext http, object request) =>
        Hash(http.Request.Method, http.Request.Path, JsonSerializer.Serialize(request, request.GetType(), TransferJson.Options));
}

/// <param name="Id">A hash of the user and the key: keys are unique per client, not across clients.</param>
/// <param name="Fingerprint">A hash of method, path and body, to refuse the same key for a different request.</param>
public sealed record IdempotencyClaim(string Id, string Key, string User, string Fingerprint);

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
