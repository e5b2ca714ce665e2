namespace Transfer.Domain.Readiness;

/// <summary>Which facts an evaluation may see: those of business date ≤ AsOf, recorded at or before KnownAt (when given).</summary>
public sealed record Horizon(DateOnly AsOf, DateTimeOffset? KnownAt = null)
{
    public bool Knows(DateTimeOffset recordedAt) => KnownAt is not { } knownAt || recordedAt <= knownAt;
}
