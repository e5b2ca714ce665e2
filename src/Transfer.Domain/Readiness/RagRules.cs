using Transfer.Domain.Common;

namespace Transfer.Domain.Readiness;

/// <summary>The PMO's colour rules (READINESS.md), as pure functions.</summary>
public static class RagRules
{
    /// <summary>red > amber > green > none; the worst of nothing is none.</summary>
    public static Rag Worst(IEnumerable<Rag> rags) => rags.DefaultIfEmpty(Rag.None).Max();

    public static Rag Worst(params Rag[] rags) => Worst(rags.AsEnumerable());

    /// <summary>
    /// Progress of one target as of <paramref name="asOf"/>: done at all → green; past the due date →
    /// red; otherwise green when on or ahead of a straight line from nothing at the start date to the
    /// whole target at the due date, amber when behind it. Whole days, integer arithmetic.
    /// </summary>
    public static Rag TargetProgress(int expected, int done, DateOnly asOf, DateOnly startDate, DateOnly dueDate)
    {
        if (done >= expected) return Rag.Green;
        if (asOf > dueDate) return Rag.Red;

        long span = dueDate.DayNumber - startDate.DayNumber;
        if (span <= 0)
            // A workstream due on (or before) its start: nothing is planned before the due date, everything from it on.
            return asOf < dueDate ? Rag.Green : Rag.Amber;

        long elapsed = Math.Clamp(asOf.DayNumber - startDate.DayNumber, 0, span);
        return (long)done * span >= (long)expected * elapsed ? Rag.Green : Rag.Amber;
    }
}
