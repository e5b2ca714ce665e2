using Transfer.Api.History;

namespace Transfer.Api.Verification;

/// <summary>One link of the chain: the hash over the previous link and one event.</summary>
public sealed record AuditChainLink(long Id, string Hash);

/// <summary>
/// The tamper-evidence chain: each event's link is SHA-256 over the previous link and the event's
/// stream, version, sequence, type, data, business date, recorded instant and recorder, as stored, in
/// sequence order. Changing any of them in the database, deleting or reordering rows, breaks every link
/// from there on; only someone who rewrites the whole chain as well goes unseen, unless an auditor kept
/// an earlier head to compare with.
/// </summary>
public static class AuditChain
{
    /// <summary>The link before the first event.</summary>
    public const string Genesis = "";

    /// <summary>The link after <paramref name="previous"/> for one stored event (see <see cref="LinkHasher"/>).</summary>
    public static string Link(string previous, StoredEvent e) => new LinkHasher().Link(previous, e);
}
