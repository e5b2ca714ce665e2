using System.Globalization;
using System.Text;

namespace Transfer.Api.History;

/// <summary>
/// The one canonical encoding of a stored event, which the audit chain and the evidence tree both hash: its stream,
/// version, sequence, type, data as stored, business date (or empty), recorded instant (<see cref="StoredEvent.RecordedAtFormat"/>)
/// and recorder (or empty), in that order, each field framed by its length so that no choice of values makes two
/// events' bytes alike, the whole in UTF-8. The field list is written here once; the framing is each consumer's, and
/// fixed forever by what it already stored:
/// <list type="bullet">
/// <item><see cref="Framing.Chain"/>: "length:value;" with the length in UTF-16 code units, as the chain's first links were hashed.</item>
/// <item><see cref="Framing.Netstring"/>: "length:value," with the length in UTF-8 bytes (a netstring), which an auditor rebuilds in a
/// few lines of any language: the evidence tree's leaves and verify.py.</item>
/// </list>
/// One instance reuses its buffer, for the subscriptions and the verifier that encode many events in a row.
/// </summary>
public sealed class CanonicalEvent(CanonicalEvent.Framing framing)
{
    public enum Framing { Chain, Netstring }

    private byte[] buffer = new byte[4096];
    private int length;

    /// <summary>The event's bytes, after <paramref name="prefix"/> as a field of its own when given (the chain's previous link). Valid until the next call.</summary>
    public ReadOnlySpan<byte> Encode(StoredEvent e, string? prefix = null)
    {
        length = 0;
        if (prefix is not null) Field(prefix);
        Field(e.StreamId);
        Number(e.Version);
        Number(e.Sequence);
        Field(e.Type);
        Field(e.Data);
        Field(e.OccurredOn ?? "");
        Span<char> instant = stackalloc char[64];
        if (!e.RecordedAt.UtcDateTime.TryFormat(instant, out var written, StoredEvent.RecordedAtFormat, CultureInfo.InvariantCulture))
            throw new InvalidOperationException("A recorded instant did not fit its format.");
        Field(instant[..written]);
        Field(e.RecordedBy ?? "");
        return buffer.AsSpan(0, length);
    }

    private void Number(long value)
    {
        Span<char> digits = stackalloc char[24];
        value.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        Field(digits[..written]);
    }

    private void Field(ReadOnlySpan<char> value)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        Reserve(bytes + 24);
        var framed = framing == Framing.Chain ? value.Length : bytes;
        framed.TryFormat(buffer.AsSpan(length), out var written, default, CultureInfo.InvariantCulture);
        length += written;
        buffer[length++] = (byte)':';
        length += Encoding.UTF8.GetBytes(value, buffer.AsSpan(length));
        buffer[length++] = framing == Framing.Chain ? (byte)';' : (byte)',';
    }

    private void Reserve(int more)
    {
        if (length + more <= buffer.Length) return;
        Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + more));
    }
}
