using System.Security.Cryptography;
using Transfer.Api.History;

namespace Transfer.Api.Verification;

/// <summary>
/// How a link of the chain is computed: SHA-256 over the previous link and the event, in the event's canonical
/// encoding with the chain's framing (<see cref="CanonicalEvent.Framing.Chain"/>). One instance reuses its buffer.
/// </summary>
internal sealed class LinkHasher
{
    private readonly CanonicalEvent canonical = new(CanonicalEvent.Framing.Chain);

    public string Link(string previous, StoredEvent e)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(canonical.Encode(e, prefix: previous), hash);
        return Convert.ToHexStringLower(hash);
    }
}
