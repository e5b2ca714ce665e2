using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Transfer.Api.Audit;

/// <summary>
/// How a link of the chain is computed: SHA-256 over the previous link and the event's stream, version,
/// sequence, type, data, business date, recorded instant (UTC, to the microsecond) and recorder, each
/// field prefixed by its length in UTF-16 code units so no choice of values can make two different
/// events hash alike, the whole in UTF-8. One instance reuses its buffer, for the subscription and the
/// verifier that hash many links in a row.
/// </summary>
internal sealed class LinkHasher
{
    private byte[] buffer = new byte[4096];
    private int length;

    public string Link(string previous, StoredEvent e)
    {
        length = 0;
        Field(previous);
        Field(e.StreamId);
        Number(e.Version);
        Number(e.Sequence);
        Field(e.Type);
        Field(e.Data);
        Field(e.OccurredOn ?? "");
        Span<char> instant = stackalloc char[64];
        if (!e.RecordedAt.UtcDateTime.TryFormat(instant, out var written, AuditChain.RecordedAtFormat, CultureInfo.InvariantCulture))
            throw new InvalidOperationException("A recorded instant did not fit its format.");
        Field(instant[..written]);
        Field(e.RecordedBy ?? "");

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.AsSpan(0, length), hash);
        return Convert.ToHexStringLower(hash);
    }

    private void Number(long value)
    {
        Span<char> digits = stackalloc char[24];
        value.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        Field(digits[..written]);
    }

    private void Field(ReadOnlySpan<char> value)
    {
        Reserve(Encoding.UTF8.GetMaxByteCount(value.Length) + 16);
        value.Length.TryFormat(buffer.AsSpan(length), out var written, default, CultureInfo.InvariantCulture);
        length += written;
        buffer[length++] = (byte)':';
        length += Encoding.UTF8.GetBytes(value, buffer.AsSpan(length));
        buffer[length++] = (byte)';';
    }

    private void Reserve(int more)
    {
        if (length + more <= buffer.Length) return;
        Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + more));
    }
}
