using JasperFx.Events;
using Marten.Events.Aggregation;
using Transfer.Domain.Readiness;
using Transfer.Domain.Workstreams.Registering;

namespace Transfer.Projections;

/// <summary>
/// Keeps each workstream's <see cref="WorkstreamTimeline"/>: every dated fact with the instant it was
/// recorded and its stream version, from which the boards are computed for any asOf and knownAt.
/// Inline, so a board reflects a write the moment the write is answered.
/// </summary>
public sealed class WorkstreamTimelineProjection : SingleStreamProjection<WorkstreamTimeline, string>
{
    public override WorkstreamTimeline? Evolve(WorkstreamTimeline? snapshot, string id, IEvent e) =>
        snapshot is null
            ? e.Data is WorkstreamRegistered registered ? WorkstreamTimeline.Start(registered, RecordedInstant.Of(e)) : null
            : snapshot.Record(e.Data, RecordedInstant.Of(e), e.Version);
}
