namespace Transfer.Domain.Common;

public static class BusinessDate
{
    /// <summary>
    /// The PMO may record what happened in the past, or at most one day ahead of the server's date
    /// (a report written late in the evening for tomorrow morning's meeting), never further.
    /// </summary>
    public static bool IsAcceptable(DateOnly occurredOn, DateOnly today) => occurredOn <= today.AddDays(1);

    public const string TooFarAhead = "may not be more than one day after the server's date";
}
