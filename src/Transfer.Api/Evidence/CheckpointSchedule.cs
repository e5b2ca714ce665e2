using Transfer.Api.Counties;
using Wolverine;
using Wolverine.Persistence.Durability;
using Wolverine.Runtime;

namespace Transfer.Api.Evidence;

/// <summary>Time to sign a checkpoint of every county's tree that has grown since its last one.</summary>
// The name it was first stored under in the durable inbox and the scheduled messages: kept, so messages stored
// before the rooms were renamed are still read.
[Wolverine.Attributes.MessageIdentity("Transfer.Api.Audit.Evidence.MakeCheckpoints")]
public sealed record MakeCheckpoints;

public static class MakeCheckpointsHandler
{
    public static async Task Handle(
        MakeCheckpoints _, Checkpoints checkpoints, CountyCatalog counties, CheckpointSchedule schedule, IMessageContext bus,
        ILogger<MakeCheckpoints> logger, CancellationToken cancellation)
    {
        await EachCounty.Run(counties, logger, "The checkpoint", async county =>
        {
            try
            {
                await checkpoints.Make(county, cancellation);
            }
            catch (AuditTreeDivergedException diverged)
            {
                // Not a passing failure: signing stays stopped until someone looks into it.
                logger.LogError("{Problem}", diverged.Message);
            }
        });
        await schedule.EnsureNext(bus, cancellation);
    }
}

/// <summary>Keeps the next round of checkpoints scheduled, <see cref="CheckpointSettings.IntervalSeconds"/> from now; none where no key signs.</summary>
public sealed class CheckpointSchedule(
    CheckpointSettings settings, CheckpointSigner signer, IMessageStore store, TimeProvider time, IWolverineRuntime runtime, ILogger<CheckpointSchedule> logger)
    : SelfScheduling<MakeCheckpoints>(store, time, runtime, logger)
{
    protected override string Work => "The next round of checkpoints";

    protected override string? Disabled => signer.Missing;

    /// <summary>Each round's distance from the last, and how often a node looks that the next is pending.</summary>
    protected override TimeSpan WatchEvery => TimeSpan.FromSeconds(Math.Max(1, settings.IntervalSeconds));

    protected override LogLevel ScheduledLevel => LogLevel.Debug;

    protected override (MakeCheckpoints Message, DateTimeOffset At) Next(DateTimeOffset now) =>
        (new MakeCheckpoints(), now + WatchEvery);
}
