using Transfer.Api.Counties;
using Wolverine;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.ScheduledMessageManagement;
using Wolverine.Runtime;
using Wolverine.Util;

namespace Transfer.Api.Subscriptions;

/// <summary>The morning look of <see cref="Day"/>: time alone turns a target red when its due date passes, with no event to wake a look.</summary>
public sealed record MorningLook(DateOnly Day);

public static class MorningLookHandler
{
    public static async Task Handle(
        MorningLook look, SubscriptionWatcher watcher, CountyCatalog counties, MorningSchedule schedule, IMessageContext bus, CancellationToken cancellation)
    {
        foreach (var county in counties.All) await watcher.LookAll(county, cancellation);
        await schedule.EnsureNext(bus, cancellation);
    }
}

/// <summary>
/// Keeps one morning look scheduled, at 06:00 in Helsinki, as a Wolverine scheduled message in PostgreSQL: each look
/// schedules the next, and a starting node schedules one when none is pending. Two nodes starting at once may schedule
/// two; a look is idempotent (a subscription tells a change once), and the next morning's check leaves one again.
/// (Wolverine's own recurring schedules would do this, but in 6.62 registering one makes `codegen write` hang.)
/// </summary>
public sealed class MorningSchedule(IMessageStore store, TimeProvider time, IWolverineRuntime runtime, ILogger<MorningSchedule> logger) : BackgroundService
{
    public static readonly TimeOnly At = new(6, 0);
    private static readonly TimeZoneInfo Helsinki = TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki");

    /// <summary>The next 06:00 in Helsinki after <paramref name="now"/>, and its business day.</summary>
    public static (DateOnly Day, DateTimeOffset At) Next(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, Helsinki);
        var day = DateOnly.FromDateTime(local.DateTime);
        if (TimeOnly.FromDateTime(local.DateTime) >= At) day = day.AddDays(1);
        var at = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(At, DateTimeKind.Unspecified), Helsinki);
        return (day, new DateTimeOffset(at, TimeSpan.Zero));
    }

    public async Task EnsureNext(IMessageBus bus, CancellationToken cancellation)
    {
        var pending = await store.ScheduledMessages.QueryAsync(
            new ScheduledMessageQuery { MessageType = typeof(MorningLook).ToMessageTypeName(), PageSize = 1, ExecutionTimeFrom = time.GetUtcNow() }, cancellation);
        if (pending.TotalCount > 0) return;
        var (day, at) = Next(time.GetUtcNow());
        await bus.ScheduleAsync(new MorningLook(day), at);
        logger.LogInformation("The subscriptions' morning look is scheduled for {At}", at);
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        // Until it is scheduled: the database may not be there yet when the node starts.
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await EnsureNext(new MessageBus(runtime), stopping);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not schedule the subscriptions' morning look; trying again in a minute");
                await Task.Delay(TimeSpan.FromMinutes(1), time, stopping);
            }
        }
    }
}
