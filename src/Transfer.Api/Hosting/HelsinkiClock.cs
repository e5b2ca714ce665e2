namespace Transfer.Api.Hosting;

/// <summary>The PMO works in Finnish time: "today" is the date in Europe/Helsinki, whatever the server's zone.</summary>
public sealed class HelsinkiClock(TimeProvider time)
{
    /// <summary>The PMO's time zone: business days, mornings and local times are Helsinki's.</summary>
    public static readonly TimeZoneInfo Helsinki = TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki");

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Helsinki).DateTime);
}
