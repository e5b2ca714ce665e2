using JasperFx.Events;
using Marten.Events.Aggregation;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.Registering;

namespace Transfer.Projections;

/// <summary>
/// Keeps the <see cref="Workstream"/> write model inline, for decisions: it is started by the
/// registration and otherwise only follows the stream version. Spelled out here rather than left to
/// Marten's conventions, whose source generator would have to run inside the framework-free domain assembly.
/// </summary>
public sealed class WorkstreamProjection : SingleStreamProjection<Workstream, string>
{
    public override Workstream? Evolve(Workstream? snapshot, string id, IEvent e)
    {
        var next = snapshot ?? (e.Data is WorkstreamRegistered registered ? Workstream.Start(registered) : null);
        return next is null ? null : next with { Version = e.Version };
    }
}
