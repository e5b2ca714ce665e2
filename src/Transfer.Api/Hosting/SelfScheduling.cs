using Wolverine;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.ScheduledMessageManagement;
using Wolverine.Runtime;
using Wolverine.Util;

namespace Transfer.Api.Hosting;

/// <summary>
/// Keeps one <typeparamref name="TMessage"/> scheduled as a Wolverine scheduled message in PostgreSQL: each one's
/// handler schedules the next (<see cref="EnsureNext"/>), and every node looks every <see cref="WatchEvery"/> that one
/// is pending, so a round whose handler failed, or a schedule lost with the database, starts again by itself. Two
/// nodes looking at once may schedule two; the work must be idempotent, and the next run leaves one again.
/// (Wolverine's own recurring schedules would do this, but in 6.62 registering one makes `codegen write` hang.)
/// </summary>
public abstract class SelfScheduling<TMessage>(IMessageStore store, TimeProvider time, IWolverineRuntime runtime, ILogger logger) : BackgroundService
{
    /// <summary>What is done, for the log.</summary>
    protected abstract string Work { get; }

    /// <summary>The next message after <paramref name="now"/>, and when it runs.</summary>
    protected abstract (TMessage Message, DateTimeOffset At) Next(DateTimeOffset now);

    /// <summary>Why this node cannot do the work (it lacks what the work needs), or null when it can.</summary>
    protected virtual string? Disabled => null;

    /// <summary>How often a node looks that the next run is pending.</summary>
    protected virtual TimeSpan WatchEvery => TimeSpan.FromMinutes(1);

    /// <summary>How loudly each scheduling is logged: a round a minute would fill the log at Information.</summary>
    protected virtual LogLevel ScheduledLevel => LogLevel.Information;

    public async Task EnsureNext(IMessageBus bus, CancellationToken cancellation)
    {
        // Wolverine schedules by the real clock, whatever the TimeProvider says (tests move theirs): pending is judged by it too.
        var pending = await store.ScheduledMessages.QueryAsync(
            new ScheduledMessageQuery { MessageType = typeof(TMessage).ToMessageTypeName(), PageSize = 1, ExecutionTimeFrom = DateTimeOffset.UtcNow }, cancellation);
        if (pending.TotalCount > 0) return;
        var now = time.GetUtcNow();
        var (message, at) = Next(now);
        await bus.ScheduleAsync(message!, at - now);
        logger.Log(ScheduledLevel, "{Work} is scheduled for {At}", Work, at);
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        if (Disabled is { } reason)
        {
            logger.LogWarning("{Reason}", reason);
            return;
        }
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await EnsureNext(new MessageBus(runtime), stopping);
                await Task.Delay(WatchEvery, stopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may not be there yet when the node starts, or be away for a while.
                logger.LogWarning(e, "Could not schedule {Work}; trying again in a minute", Work);
                await Task.Delay(TimeSpan.FromMinutes(1), stopping);
            }
        }
    }
}
