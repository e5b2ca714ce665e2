using System.Globalization;
using JasperFx;
using Marten;
using Transfer.Api.Counties;

namespace Transfer.Api.Evidence;

/// <summary>
/// A signed checkpoint of a county's tree, kept for good: its id is the tree's size, its note the C2SP signed note
/// an auditor verifies with the public key alone.
/// </summary>
public sealed record AuditCheckpoint(long Id, string Root, DateTimeOffset Time, string KeyId, string Signature, string Note)
{
    public Checkpoint ToView() => new(Id, Root, Time, KeyId, Signature, Note);
}

/// <param name="Size">How many events the tree held.</param>
/// <param name="Root">Its RFC 9162 root hash, lowercase hex.</param>
/// <param name="Time">When the checkpoint was made, to the second, as its note says.</param>
/// <param name="KeyId">The signing key's id (see GET /api/audit/public-key).</param>
/// <param name="Signature">The ECDSA P-256 signature, ASN.1 DER in base64, over the note's text before its blank line.</param>
/// <param name="Note">The C2SP signed note: origin, size, base64 root and time lines, a blank line, the signature line.</param>
public sealed record Checkpoint(long Size, string Root, DateTimeOffset Time, string KeyId, string Signature, string Note);

/// <summary>A key that has signed a county's checkpoints: kept so a checkpoint signed before a key rotation still verifies.</summary>
public sealed record CheckpointKey(string Id, string PublicKey, DateTimeOffset FirstUsed);

/// <summary>The C2SP signed note (c2sp.org/signed-note, c2sp.org/tlog-checkpoint) of a checkpoint.</summary>
public static class CheckpointNote
{
    /// <summary>The signed text: origin, size, base64 root, and a "time" extension line so the signature covers when.</summary>
    public static string Text(string origin, long size, byte[] root, DateTimeOffset time) =>
        string.Create(CultureInfo.InvariantCulture, $"{origin}\n{size}\n{Convert.ToBase64String(root)}\ntime {time.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z\n");

    /// <summary>The text, a blank line, and the signature line: an em dash, the key's name, base64 of key id and signature.</summary>
    public static string Signed(string text, string keyName, string keyId, byte[] signature) =>
        $"{text}\n\u2014 {keyName} {Convert.ToBase64String([.. Convert.FromHexString(keyId), .. signature])}\n";
}

/// <summary>The stored tree no longer extends what was signed: signing it would put a fork of the history on record.</summary>
public sealed class AuditTreeDivergedException(string message) : InvalidOperationException(message);

/// <summary>Makes and finds a county's checkpoints.</summary>
public sealed class Checkpoints(CountyStores stores, AuditTree tree, CheckpointSigner signer, CheckpointSettings settings, TimeProvider time)
{
    /// <summary>The name of a county's log: every note's first line and its key's name.</summary>
    public string Origin(County county) => $"{settings.Origin}/{county.Id}";

    /// <summary>
    /// Signs and keeps a checkpoint of the tree as it is, unless the last one already covers it; returns the latest
    /// checkpoint either way (null while the tree is empty).
    /// </summary>
    public async Task<AuditCheckpoint?> Make(County county, CancellationToken cancellation)
    {
        var size = await tree.Size(county, cancellation);
        var last = await Latest(county, null, cancellation);
        if (size == 0 || last?.Id >= size || signer.Missing is not null) return last;

        var roots = await tree.Hashes(county, [new LeafRange(0, size), new LeafRange(0, last?.Id ?? 0)], cancellation);
        // Never sign a tree that no longer holds what was signed before (a restored or altered table): that would be a fork.
        if (last is not null && AuditTree.Hex(roots[1]) != last.Root)
            throw new AuditTreeDivergedException(
                $"The audit tree of {county.Id} no longer has the root its checkpoint of {last.Id} events signed: no checkpoint is signed until it is looked into (GET /api/audit/verify).");
        var root = roots[0];
        // To the second, as the note says it, rounded up so that "made at or before" an instant holds only events recorded
        // before it; never before the last one, whatever another node's clock says.
        var now = time.GetUtcNow().UtcTicks;
        var made = new DateTimeOffset(now + (TimeSpan.TicksPerSecond - now % TimeSpan.TicksPerSecond) % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        if (last is not null && made < last.Time) made = last.Time;
        var origin = Origin(county);
        var text = CheckpointNote.Text(origin, size, root, made);
        var signature = signer.Sign(text);
        var checkpoint = new AuditCheckpoint(size, AuditTree.Hex(root), made, signer.KeyId, Convert.ToBase64String(signature),
            CheckpointNote.Signed(text, origin, signer.KeyId, signature));

        await KeepKey(county, made, cancellation);
        await using var session = stores.LightweightSession(county);
        session.Insert(checkpoint);
        try
        {
            await session.SaveChangesAsync(cancellation);
            return checkpoint;
        }
        catch (DocumentAlreadyExistsException)
        {
            // Another node signed this size at the same moment: theirs stands.
            return await Latest(county, null, cancellation);
        }
    }

    /// <summary>Keeps the signing key's public half at its first use, so its checkpoints verify after a rotation.</summary>
    private async Task KeepKey(County county, DateTimeOffset firstUsed, CancellationToken cancellation)
    {
        await using var session = stores.LightweightSession(county);
        if (await session.LoadAsync<CheckpointKey>(signer.KeyId, cancellation) is not null) return;
        session.Insert(new CheckpointKey(signer.KeyId, signer.PublicKeyPem, firstUsed));
        try
        {
            await session.SaveChangesAsync(cancellation);
        }
        catch (DocumentAlreadyExistsException)
        {
            // Another node kept it first.
        }
    }

    /// <summary>The last checkpoint made at or before <paramref name="at"/> (any time when null).</summary>
    public async Task<AuditCheckpoint?> Latest(County county, DateTimeOffset? at, CancellationToken cancellation)
    {
        await using var session = stores.QuerySession(county);
        var query = session.Query<AuditCheckpoint>().AsQueryable();
        if (at is { } instant) query = query.Where(checkpoint => checkpoint.Time <= instant);
        return await query.OrderByDescending(checkpoint => checkpoint.Id).FirstOrDefaultAsync(cancellation);
    }

    /// <summary>The first checkpoint holding at least <paramref name="size"/> events, or null when none does yet.</summary>
    public async Task<AuditCheckpoint?> Covering(County county, long size, CancellationToken cancellation)
    {
        await using var session = stores.QuerySession(county);
        return await session.Query<AuditCheckpoint>().Where(checkpoint => checkpoint.Id >= size)
            .OrderBy(checkpoint => checkpoint.Id).FirstOrDefaultAsync(cancellation);
    }

    /// <summary>Every key that has signed the county's checkpoints, and the one signing now.</summary>
    public async Task<IReadOnlyList<CheckpointKey>> Keys(County county, CancellationToken cancellation)
    {
        await using var session = stores.QuerySession(county);
        var keys = (await session.Query<CheckpointKey>().OrderBy(key => key.FirstUsed).ToListAsync(cancellation)).ToList();
        if (signer.Missing is null && keys.All(key => key.Id != signer.KeyId))
            keys.Add(new CheckpointKey(signer.KeyId, signer.PublicKeyPem, time.GetUtcNow()));
        return keys;
    }

    public bool IsCurrent(CheckpointKey key) => signer.Missing is null && key.Id == signer.KeyId;
}
