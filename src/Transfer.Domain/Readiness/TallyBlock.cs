namespace Transfer.Domain.Readiness;

/// <summary>
/// A stretch of one tally's steps in the order they became known, with the sum of every earlier step
/// by business day. A tally is a chain of blocks: the open one takes new steps until it holds
/// <see cref="Capacity"/>, then is kept as it is and a new one opens. So the value as of any date known
/// at any instant reads exactly one block: the last one opened by then (its earlier steps are all in
/// <see cref="BeforeSums"/>) plus those of its own steps known by then. Its size follows the business
/// days the tally has moved on, never the number of items behind it.
/// </summary>
/// <param name="Series">The tally's identity: the workstream and the tally's name.</param>
/// <param name="OpenedAt">When its first step became known; the first block of a series opens at the beginning of time.</param>
/// <param name="BeforeDays">The business days on which earlier blocks' steps moved the tally, ascending.</param>
/// <param name="BeforeSums">The running sum of those steps up to and including each of <see cref="BeforeDays"/>.</param>
public sealed record TallyBlock(
    string Id,
    string Series,
    string WorkstreamId,
    string Tally,
    int Number,
    bool IsOpen,
    DateTimeOffset OpenedAt,
    int[] BeforeDays,
    long[] BeforeSums,
    int[] StepDays,
    DateTimeOffset[] StepKnown,
    long[] StepDeltas)
{
    /// <summary>Small enough that a board reads few steps per tally, large enough that closed blocks stay few.</summary>
    public const int Capacity = 16;

    public static string SeriesOf(string workstreamId, string tally) => $"{workstreamId}|{tally}";

    /// <summary>The first, open block of a tally.</summary>
    public static TallyBlock Open(string workstreamId, string tally) =>
        new(SeriesOf(workstreamId, tally), SeriesOf(workstreamId, tally), workstreamId, tally, 0, true, DateTimeOffset.MinValue, [], [], [], [], []);

    /// <summary>
    /// Of one tally's blocks, the one open at <paramref name="knownAt"/> (the open block when null): the
    /// last one opened by then. The boards' query asks PostgreSQL the same, one index probe per tally.
    /// </summary>
    public static TallyBlock? OpenAt(IEnumerable<TallyBlock> series, DateTimeOffset? knownAt) =>
        knownAt is not { } instant
            ? series.SingleOrDefault(block => block.IsOpen)
            : series.Where(block => block.OpenedAt <= instant).MaxBy(block => (block.OpenedAt, block.Number));

    /// <summary>
    /// The tally as of business day <paramref name="day"/>, as known at <paramref name="knownAt"/>
    /// (everything known when null). Only meaningful on the block that was open at that instant.
    /// </summary>
    public long ValueAt(int day, DateTimeOffset? knownAt)
    {
        var index = Array.BinarySearch(BeforeDays, day);
        if (index < 0) index = ~index - 1;
        var value = index < 0 ? 0 : BeforeSums[index];
        for (var i = 0; i < StepDays.Length; i++)
            if (StepDays[i] <= day && (knownAt is not { } instant || StepKnown[i] <= instant))
                value += StepDeltas[i];
        return value;
    }

    /// <summary>
    /// The open block with these steps, in order, and the blocks they filled and closed (each kept as it
    /// is from then on). A step is never taken as known before the steps already in the tally: within a
    /// workstream, events are recorded in order, and a clock that stepped back must not reorder what a
    /// board knew.
    /// </summary>
    public (TallyBlock Open, IReadOnlyList<TallyBlock> Closed) AddRange(IReadOnlyList<TallyStep> steps)
    {
        var open = this;
        var closed = new List<TallyBlock>();
        var (days, known, deltas) = (new List<int>(StepDays), new List<DateTimeOffset>(StepKnown), new List<long>(StepDeltas));
        foreach (var step in steps)
        {
            var lastKnown = known.Count > 0 ? known[^1] : open.OpenedAt;
            var at = step.Known < lastKnown ? lastKnown : step.Known.ToUniversalTime();
            if (days.Count == Capacity)
            {
                var full = open with { StepDays = [.. days], StepKnown = [.. known], StepDeltas = [.. deltas] };
                closed.Add(full with { Id = $"{Series}|{full.Number}", IsOpen = false });
                var (beforeDays, beforeSums) = full.Merge();
                open = full with { Number = full.Number + 1, OpenedAt = at, BeforeDays = beforeDays, BeforeSums = beforeSums };
                (days, known, deltas) = ([], [], []);
            }
            days.Add(step.Day);
            known.Add(at);
            deltas.Add(step.Delta);
        }
        return (open with { StepDays = [.. days], StepKnown = [.. known], StepDeltas = [.. deltas] }, closed);
    }

    /// <summary>The running sums by day with this block's own steps folded in.</summary>
    private (int[] Days, long[] Sums) Merge()
    {
        var byDay = new SortedDictionary<int, long>();
        for (var i = 0; i < BeforeDays.Length; i++)
            byDay[BeforeDays[i]] = BeforeSums[i] - (i == 0 ? 0 : BeforeSums[i - 1]);
        for (var i = 0; i < StepDays.Length; i++)
            byDay[StepDays[i]] = byDay.GetValueOrDefault(StepDays[i]) + StepDeltas[i];

        var days = new List<int>(byDay.Count);
        var sums = new List<long>(byDay.Count);
        long running = 0;
        foreach (var (day, delta) in byDay)
        {
            running += delta;
            days.Add(day);
            sums.Add(running);
        }
        return (days.ToArray(), sums.ToArray());
    }
}
