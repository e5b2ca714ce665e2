using Wolverine;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.ScheduledMessageManagement;
using Wolverine.Runtime;
using Wolverine.Util;

namespace Transfer.Api.Infrastructure;

/// <summary>
/// Keeps one <typeparamref name="TMessage"/> scheduled as a Wolverine scheduled message in PostgreSQL: each one's
/// handler schedules the next (<see cref="EnsureNext"/>), and a starting node schedules one when none is pending. Two
/// nodes starting at once may schedule two; the work must be idempotent, and the next run leaves one again.
/// (Wolverine's own recurring schedules would do this, but in 6.62 registering one makes `codegen write` hang.)
/// </summary>
public abstract class SelfScheduling<TMessage>(IMessageStore store, TimeProvider time, IWolverineRuntime runtime, ILogger logger) : BackgroundService
{
    /// <summary>What is done, for the log.</summary>
    protected abstract string Work { get; }

    /// <summary>The next message after <paramref name="now"/>, and when it runs.</summary>
    protected abstract (TMessage Message, DateTimeOffset At) Next(DateTimeOffset now);

    /// <summary>Whether to schedule at all on this node (false: it lacks what the work needs, and has said so).</summary>
    protected virtual bool Enabled => true;

    public async Task EnsureNext(IMessageBus bus, CancellationToken cancellation)
    {
        var pending = await store.ScheduledMessages.QueryAsync(
            new ScheduledMessageQuery { MessageType = typeof(TMessage).ToMessageTypeName(), PageSize = 1, ExecutionTimeFrom = time.GetUtcNow() }, cancellation);
        if (pending.TotalCount > 0) return;
        var (message, at) = Next(time.GetUtcNow());
        await bus.ScheduleAsync(message!, at);
        logger.LogDebug("{Work} is scheduled for {At}", Work, at);
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        if (!Enabled) return;
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
                logger.LogWarning(e, "Could not schedule {Work}; trying again in a minute", Work);
                await Task.Delay(TimeSpan.FromMinutes(1), time, stopping);
            }
        }
    }
}
