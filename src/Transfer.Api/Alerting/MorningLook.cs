using Transfer.Api.Counties;
using Wolverine;
using Wolverine.Persistence.Durability;
using Wolverine.Runtime;

namespace Transfer.Api.Alerting;

/// <summary>The morning look of <see cref="Day"/>: time alone turns a target red when its due date passes, with no event to wake a look.</summary>
// The name it was first stored under in the durable inbox and the scheduled messages: kept, so messages stored
// before the rooms were renamed are still read.
[Wolverine.Attributes.MessageIdentity("Transfer.Api.Subscriptions.MorningLook")]
public sealed record MorningLook(DateOnly Day);

public static class MorningLookHandler
{
    public static async Task Handle(
        MorningLook look, SubscriptionWatcher watcher, CountyCatalog counties, MorningSchedule schedule, IMessageContext bus,
        ILogger<MorningLook> logger, CancellationToken cancellation)
    {
        await EachCounty.Run(counties, logger, $"The morning look of {look.Day}", county => watcher.LookAll(county, cancellation));
        await schedule.EnsureNext(bus, cancellation);
    }
}

/// <summary>Keeps one morning look scheduled, at 06:00 in Helsinki; a look is idempotent (a subscription tells a change once).</summary>
public sealed class MorningSchedule(IMessageStore store, TimeProvider time, IWolverineRuntime runtime, ILogger<MorningSchedule> logger)
    : SelfScheduling<MorningLook>(store, time, runtime, logger)
{
    public static readonly TimeOnly At = new(6, 0);
    private static readonly TimeZoneInfo Helsinki = HelsinkiClock.Helsinki;

    protected override string Work => "The subscriptions' morning look";

    /// <summary>The next 06:00 in Helsinki after <paramref name="now"/>, and its business day.</summary>
    public static (DateOnly Day, DateTimeOffset At) NextMorning(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, Helsinki);
        var day = DateOnly.FromDateTime(local.DateTime);
        if (TimeOnly.FromDateTime(local.DateTime) >= At) day = day.AddDays(1);
        var at = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(At, DateTimeKind.Unspecified), Helsinki);
        return (day, new DateTimeOffset(at, TimeSpan.Zero));
    }

    protected override (MorningLook Message, DateTimeOffset At) Next(DateTimeOffset now)
    {
        var (day, at) = NextMorning(now);
        return (new MorningLook(day), at);
    }
}
