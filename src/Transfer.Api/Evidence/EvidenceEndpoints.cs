using Transfer.Api.Counties;
using Transfer.Api.Security;

namespace Transfer.Api.Evidence;

/// <param name="KeyId">As checkpoints name it: the first four bytes of SHA-256 over the DER public key, in hex.</param>
/// <param name="PublicKey">The public key, PEM (SubjectPublicKeyInfo).</param>
/// <param name="Fingerprint">SHA-256 over the DER public key, whole: compare it with the one the county publishes.</param>
/// <param name="Current">Whether it signs the checkpoints made now (false: an earlier key, kept so its checkpoints verify).</param>
public sealed record PublicKeyView(string KeyId, string Algorithm, string PublicKey, string Fingerprint, bool Current, DateTimeOffset FirstUsed);

// Evidence an auditor checks without trusting the API: signed checkpoints of each county's Merkle tree, proofs, and a bundle with its own verifier.
public static class EvidenceEndpoints
{
    [WolverineGet("/api/audit/checkpoint", OperationId = "GetCheckpoint", Summary = "The latest signed checkpoint of the event log",
        Description = "The tree size, RFC 9162 root, time and ECDSA P-256 signature, with the C2SP signed note they make. at= gives the " +
                      "last checkpoint made at or before that instant: what the log held then."), Authorize(Roles = Roles.Auditors)]
    [Tags(ApiTags.Audit), Refuses(400, 404, 503)]
    [ProducesResponseType<Checkpoint>(StatusCodes.Status200OK)]
    [CheckpointParameters]
    public static async Task<IResult> GetCheckpoint(string? at, Checkpoints checkpoints, CheckpointSigner signer, HttpContext http, CancellationToken cancellation)
    {
        var fields = new RequestFields();
        var instant = fields.OptionalInstant("at", at);
        if (fields.Problem() is { } problem) return problem;
        if (await checkpoints.Latest(http.County(), instant, cancellation) is { } checkpoint) return Results.Ok(checkpoint.ToView());
        if (signer.Missing is { } missing)
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No checkpoints are made", detail: missing);
        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No checkpoint", detail: instant is null
            ? "No checkpoint has been made yet: the first is made within Checkpoints:IntervalSeconds of the first event."
            : $"No checkpoint was made at or before {instant:O}.");
    }

    [WolverinePost("/api/audit/checkpoint", OperationId = "MakeCheckpoint", Summary = "Sign a checkpoint of the log now",
        Description = "Seals the log as it is now, without waiting for the next scheduled checkpoint: before an audit visit or a handover. " +
                      "Answers the new checkpoint, or the latest when nothing was recorded since it."), Authorize(Roles = Roles.Writers)]
    [Tags(ApiTags.Audit), Refuses(409, 503)]
    [ProducesResponseType<Checkpoint>(StatusCodes.Status200OK)]
    public static async Task<IResult> MakeCheckpoint(Checkpoints checkpoints, CheckpointSigner signer, HttpContext http, CancellationToken cancellation)
    {
        if (signer.Missing is { } missing)
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No checkpoints are made", detail: missing);
        try
        {
            return await checkpoints.Make(http.County(), cancellation) is { } checkpoint
                ? Results.Ok(checkpoint.ToView())
                : Problems.Conflict("The log is empty: nothing is recorded yet, or the events just recorded are not yet in it (they are within a second).");
        }
        catch (AuditTreeDivergedException diverged)
        {
            return Problems.Conflict(diverged.Message);
        }
    }

    [WolverineGet("/api/audit/public-key", OperationId = "GetCheckpointKeys", Summary = "The keys that sign checkpoints",
        Description = "Every key that has signed this county's checkpoints, the current one included, as PEM with its key id and fingerprint."),
     Authorize(Roles = Roles.Auditors)]
    [Tags(ApiTags.Audit)]
    [ProducesResponseType<IReadOnlyList<PublicKeyView>>(StatusCodes.Status200OK)]
    public static async Task<IResult> GetPublicKeys(Checkpoints checkpoints, HttpContext http, CancellationToken cancellation) =>
        Results.Ok((await checkpoints.Keys(http.County(), cancellation)).Select(key => new PublicKeyView(
            key.Id, "ECDSA P-256 SHA-256", key.PublicKey, CheckpointSigner.FingerprintOf(key.PublicKey), checkpoints.IsCurrent(key), key.FirstUsed)).ToList());

    [WolverineGet("/api/audit/proofs/inclusion", OperationId = "ProveInclusion", Summary = "Proof that an event is in the log of a given size",
        Description = "The RFC 9162 inclusion proof of the event at leaf index (0-based, the events' order in the county's log) in the tree " +
                      "of size events: hash it up the path and compare with that size's checkpoint root."), Authorize(Roles = Roles.Auditors)]
    [Tags(ApiTags.Audit), Refuses(400)]
    [ProducesResponseType<InclusionProof>(StatusCodes.Status200OK)]
    [ProofParameters]
    public static async Task<IResult> ProveInclusion(string? index, string? size, AuditTree tree, HttpContext http, CancellationToken cancellation)
    {
        var county = http.County();
        var fields = new RequestFields();
        var leaf = RequiredNumber(fields, "index", index, 0);
        var treeSize = RequiredNumber(fields, "size", size, 1);
        if (fields.IsValid("index") && fields.IsValid("size") && leaf >= treeSize) fields.Add("index", $"must be below size ({treeSize})");
        await WithinTree(fields, tree, county, treeSize, cancellation);
        if (fields.Problem() is { } problem) return problem;
        return Results.Ok(await tree.Inclusion(county, leaf, treeSize, cancellation));
    }

    [WolverineGet("/api/audit/proofs/consistency", OperationId = "ProveConsistency", Summary = "Proof that a later log extends an earlier one",
        Description = "The RFC 9162 consistency proof that the tree of size events holds the tree of from events unchanged as its beginning: " +
                      "nothing recorded by the earlier checkpoint was altered, removed or reordered."), Authorize(Roles = Roles.Auditors)]
    [Tags(ApiTags.Audit), Refuses(400)]
    [ProducesResponseType<ConsistencyProof>(StatusCodes.Status200OK)]
    [ProofParameters]
    public static async Task<IResult> ProveConsistency(string? from, string? size, AuditTree tree, HttpContext http, CancellationToken cancellation)
    {
        var county = http.County();
        var fields = new RequestFields();
        var earlier = RequiredNumber(fields, "from", from, 1);
        var later = RequiredNumber(fields, "size", size, 1);
        if (fields.IsValid("from") && fields.IsValid("size") && earlier > later) fields.Add("from", $"must be at most size ({later})");
        await WithinTree(fields, tree, county, later, cancellation);
        if (fields.Problem() is { } problem) return problem;
        return Results.Ok(await tree.Consistency(county, earlier, later, cancellation));
    }

    private static long RequiredNumber(RequestFields fields, string field, string? value, long min)
    {
        if (value is null) fields.Add(field, "is required");
        return fields.OptionalNumber(field, value, min, long.MaxValue) ?? 0;
    }

    /// <summary>A proof exists only for a size the tree has reached.</summary>
    private static async Task WithinTree(RequestFields fields, AuditTree tree, County county, long size, CancellationToken cancellation)
    {
        if (!fields.IsValid("size")) return;
        var current = await tree.Size(county, cancellation);
        if (size > current) fields.Add("size", $"must be at most the log's current size ({current} events)");
    }

    [WolverineGet("/api/audit/evidence", OperationId = "GetEvidenceBundle", Summary = "An evidence bundle to verify offline",
        Description = "A zip of the events recorded from from to to (instants; default the whole log) as JSON lines, the signed checkpoints " +
                      "covering them, the proofs tying the events and checkpoints together, the public keys, and verify.py, which checks " +
                      "it all with Python's standard library and openssl: python3 verify.py, in the unpacked folder."), Authorize(Roles = Roles.Auditors)]
    [Tags(ApiTags.Audit), Refuses(400, 409, 503)]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RequestLimits.Expensive)]
    [Produces("application/zip")]
    [ProducesResponseType<byte[]>(StatusCodes.Status200OK, "application/zip")]
    [EvidencePeriodParameters]
    public static async Task<IResult> GetEvidence(string? from, string? to, EvidenceBundle bundle, CheckpointSigner signer, HttpContext http, CancellationToken cancellation)
    {
        var fields = new RequestFields();
        var start = fields.OptionalInstant("from", from);
        var end = fields.OptionalInstant("to", to);
        if (start > end) fields.Add("to", "must not be before from");
        if (fields.Problem() is { } problem) return problem;
        if (signer.Missing is { } missing)
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No checkpoints are made", detail: missing);
        try
        {
            return await bundle.Write(http.County(), start, end, cancellation);
        }
        catch (AuditTreeDivergedException diverged)
        {
            return Problems.Conflict(diverged.Message);
        }
    }
}
