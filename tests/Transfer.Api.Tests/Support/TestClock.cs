namespace Transfer.Api.Tests.Support;

/// <summary>
/// The API's TimeProvider in the tests: the system clock, until a test freezes it at the present instant
/// to know exactly what "today" the API sees, however close to midnight the test runs.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset? frozen;

    public override DateTimeOffset GetUtcNow() => frozen ?? base.GetUtcNow();

    /// <summary>Stops the clock now; returns the instant it shows until <see cref="Thaw"/>.</summary>
    public DateTimeOffset Freeze() => (frozen = base.GetUtcNow()).Value;

    public void Thaw() => frozen = null;

    /// <summary>Moves the clock on (stopped, if it was running): for what time alone does, such as a due date passing overnight.</summary>
    public DateTimeOffset Advance(TimeSpan by) => (frozen = (frozen ?? base.GetUtcNow()) + by).Value;

    /// <summary>The date at <paramref name="instant"/> in Helsinki, worked out here rather than by the API.</summary>
    public static DateOnly HelsinkiDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki")).DateTime);
}
