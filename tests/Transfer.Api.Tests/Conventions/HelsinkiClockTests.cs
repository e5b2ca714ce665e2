using Transfer.Api.Hosting;

namespace Transfer.Api.Tests.Conventions;

/// <summary>The business date "today" is Helsinki's, whatever the server's time zone: UTC+2 in winter, UTC+3 in summer.</summary>
public sealed class HelsinkiClockTests
{
    [Theory]
    [InlineData("2022-01-31T21:59:59Z", "2022-01-31")]
    [InlineData("2022-01-31T22:00:00Z", "2022-02-01")] // midnight in Helsinki, still 31 January in UTC
    [InlineData("2022-06-30T20:59:59Z", "2022-06-30")]
    [InlineData("2022-06-30T21:00:00Z", "2022-07-01")] // summer time: midnight is at 21:00 UTC
    public void Today_is_the_date_in_Helsinki(string utc, string helsinkiDate)
    {
        var clock = new HelsinkiClock(new StoppedAt(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));

        clock.Today.ShouldBe(DateOnly.Parse(helsinkiDate, System.Globalization.CultureInfo.InvariantCulture));
    }

    private sealed class StoppedAt(DateTimeOffset instant) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => instant;
    }
}
