using JasperFx.Events;
using Marten.Events.Aggregation;
using Transfer.Domain.Readiness;
using Transfer.Domain.Workstreams.Registering;

namespace Transfer.Projections;

/// <summary>Keeps each workstream's <see cref="WorkstreamProfile"/>: its registration and its stream version.</summary>
public sealed class WorkstreamProfileProjection : SingleStreamProjection<WorkstreamProfile, string>
{
    public override WorkstreamProfile? Evolve(WorkstreamProfile? snapshot, string id, IEvent e) =>
        snapshot is null
            ? e.Data is WorkstreamRegistered registered ? WorkstreamProfile.Start(registered, RecordedInstant.Of(e)) : null
            : snapshot with { Version = e.Version };
}
