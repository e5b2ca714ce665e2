using System.Collections.Immutable;

namespace Transfer.Domain.Readiness;

/// <summary>A value from one business day on: set by the latest-recorded change dated that day.</summary>
public sealed record DatedEntry(int Day, long Value);

/// <summary>
/// One register (a due date, a target's expected count, an assessment, an item's "counts"), as now known:
/// for every business day that has a change, the value the latest-recorded change of that day set. Its
/// value as of D is the entry of the latest day ≤ D (the PMO's "in force" rule: latest business date,
/// ties to the one recorded later), or 0 before the first.
/// </summary>
public sealed record DatedValue(ImmutableList<DatedEntry> Entries)
{
    public static readonly DatedValue Empty = new(ImmutableList<DatedEntry>.Empty);

    /// <summary>
    /// Records one more change, recorded after every change so far, and returns the steps it adds to a
    /// tally: the change wins from its own day up to the next later day that already has a change, so
    /// on that stretch (where the value before it was constant) the value moves by the difference.
    /// </summary>
    public (DatedValue Next, IReadOnlyList<(int Day, long Delta)> Steps) Set(int day, long value)
    {
        var index = Entries.FindLastIndex(entry => entry.Day <= day);
        var before = index < 0 ? 0 : Entries[index].Value;
        var sameDay = index >= 0 && Entries[index].Day == day;
        var nextIndex = index + 1;
        var next = sameDay ? Entries.SetItem(index, new DatedEntry(day, value)) : Entries.Insert(index + 1, new DatedEntry(day, value));

        var delta = value - before;
        if (delta == 0) return (new DatedValue(next), []);
        return nextIndex < Entries.Count
            ? (new DatedValue(next), [(day, delta), (Entries[nextIndex].Day, -delta)])
            : (new DatedValue(next), [(day, delta)]);
    }

    public long ValueOn(int day)
    {
        var index = Entries.FindLastIndex(entry => entry.Day <= day);
        return index < 0 ? 0 : Entries[index].Value;
    }
}
