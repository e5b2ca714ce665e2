using System.Globalization;
using System.Text;

namespace Transfer.Api.Audit.Evidence;

/// <summary>
/// An event's leaf in its county's Merkle tree: SHA-256(0x00‖canonical bytes), where the canonical bytes are the
/// fields the audit chain covers, each as a netstring ("length:bytes,", the length in UTF-8 bytes) of its UTF-8:
/// stream, version, sequence, type, data as stored, business date (or empty), recorded instant
/// (<see cref="AuditChain.RecordedAtFormat"/>) and recorder (or empty). Netstrings because an auditor rebuilds
/// them in a few lines of any language, and no choice of values makes two events' bytes alike. One instance reuses
/// its buffer, for the tree's subscription and the verifier that encode many events in a row.
/// </summary>
public sealed class EventLeaf
{
    private byte[] buffer = new byte[4096];
    private int length;

    public byte[] Hash(StoredEvent e)
    {
        length = 0;
        Field(e.StreamId);
        Field(e.Version.ToString(CultureInfo.InvariantCulture));
        Field(e.Sequence.ToString(CultureInfo.InvariantCulture));
        Field(e.Type);
        Field(e.Data);
        Field(e.OccurredOn ?? "");
        Field(e.RecordedAt.UtcDateTime.ToString(AuditChain.RecordedAtFormat, CultureInfo.InvariantCulture));
        Field(e.RecordedBy ?? "");
        return MerkleTree.LeafHash(buffer.AsSpan(0, length));
    }

    private void Field(string value)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        Reserve(bytes + 24);
        bytes.TryFormat(buffer.AsSpan(length), out var written, default, CultureInfo.InvariantCulture);
        length += written;
        buffer[length++] = (byte)':';
        length += Encoding.UTF8.GetBytes(value, buffer.AsSpan(length));
        buffer[length++] = (byte)',';
    }

    private void Reserve(int more)
    {
        if (length + more <= buffer.Length) return;
        Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + more));
    }
}
