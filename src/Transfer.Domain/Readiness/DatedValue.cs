namespace Transfer.Domain.Readiness;

/// <summary>A value from one business day on: set by the latest-recorded change dated that day.</summary>
public sealed record DatedEntry(int Day, long Value);

/// <summary>
/// One register (a due date, a target's expected count, an assessment, an item's "counts"), as now known:
/// for every business day that has a change, the value the latest-recorded change of that day set. Its
/// value as of D is the entry of the latest day ≤ D (the PMO's "in force" rule: latest business date,
/// ties to the one recorded later), or 0 before the first.
/// </summary>
public sealed record DatedValue(IReadOnlyList<DatedEntry> Entries)
{
    public static readonly DatedValue Empty = new([]);

    /// <summary>
    /// Records one more change, recorded after every change so far, and returns the steps it adds to a
    /// tally: the change wins from its own day up to the next later day that already has a change, so
    /// on that stretch (where the value before it was constant) the value moves by the difference.
    /// </summary>
    public (DatedValue Next, IReadOnlyList<(int Day, long Delta)> Steps) Set(int day, long value)
    {
        var index = LastOnOrBefore(day);
        var before = index < 0 ? 0 : Entries[index].Value;
        var sameDay = index >= 0 && Entries[index].Day == day;
        var nextIndex = index + 1;
        var next = new List<DatedEntry>(Entries.Count + 1);
        next.AddRange(Entries.Take(index + 1 - (sameDay ? 1 : 0)));
        next.Add(new DatedEntry(day, value));
        next.AddRange(Entries.Skip(index + 1));

        var delta = value - before;
        if (delta == 0) return (new DatedValue(next), []);
        return nextIndex < Entries.Count
            ? (new DatedValue(next), [(day, delta), (Entries[nextIndex].Day, -delta)])
            : (new DatedValue(next), [(day, delta)]);
    }

    private int LastOnOrBefore(int day)
    {
        var index = Entries.Count - 1;
        while (index >= 0 && Entries[index].Day > day) index--;
        return index;
    }
}
