using Transfer.Api.History;

namespace Transfer.Api.Evidence;

/// <summary>
/// An event's leaf in its county's Merkle tree: SHA-256(0x00‖bytes), the bytes the event's canonical encoding with
/// netstring framing (<see cref="CanonicalEvent.Framing.Netstring"/>), which verify.py rebuilds. One instance reuses its buffer.
/// </summary>
public sealed class EventLeaf
{
    private readonly CanonicalEvent canonical = new(CanonicalEvent.Framing.Netstring);

    public byte[] Hash(StoredEvent e) => MerkleTree.LeafHash(canonical.Encode(e));
}
