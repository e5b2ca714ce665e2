using JasperFx.Events;
using Marten;
using Marten.Services.BatchQuerying;

namespace Transfer.Api.Writing;

/// <summary>One try at a write: queue what the decision needs on <see cref="Batch"/>, then decide.</summary>
public sealed record WriteAttempt(IDocumentSession Session, IBatchedQuery Batch, DateOnly Today, long? ExpectedVersion)
{
    /// <summary>
    /// Queues this write behind any other write to the same stream still in flight, inside PostgreSQL:
    /// a transaction-scoped advisory lock, taken before anything is read, so the decision sees the
    /// latest committed state instead of racing and retrying. Writes to other streams never wait.
    /// Call it before queueing any read.
    /// </summary>
    public void WaitForOtherWritersOf(string streamKey) => WritePipeline.QueueLock(Batch, "stream:" + streamKey);

    /// <summary>
    /// For a write that starts a stream: waits for other writers of it, then reads whether it exists, so
    /// a second registration of an id is refused as a conflict before anything is appended (a client's
    /// mistake, not a failed statement in the database's log).
    /// </summary>
    public Task<StreamState?> ExistingStream(string streamKey)
    {
        WaitForOtherWritersOf(streamKey);
        return Batch.Events.FetchStreamState(streamKey)!;
    }
}
