using Transfer.Domain.Common;

namespace Transfer.Domain.Workstreams.SettingTargets;

/// <summary>Sets these (organisation, kind) targets from <c>OccurredOn</c>; other targets stay as they were.</summary>
public sealed record TargetsSet(string WorkstreamId, IReadOnlyList<Target> Targets, DateOnly OccurredOn);

public sealed record SetTargets(IReadOnlyList<Target> Targets, DateOnly OccurredOn) : IWorkstreamCommand
{
    public Verdict Decide(Workstream workstream, DateOnly today)
    {
        if (!BusinessDate.IsAcceptable(OccurredOn, today))
            return Rejection.Invalid("occurredOn", BusinessDate.TooFarAhead);
        if (Targets.Count == 0)
            return Rejection.Invalid("targets", "must name at least one target");

        var seen = new HashSet<(string?, TargetKind)>();
        for (var i = 0; i < Targets.Count; i++)
        {
            var target = Targets[i];
            if (target.Expected < 1)
                return Rejection.Invalid($"targets[{i}].expected", "must be at least 1");
            if (!seen.Add((target.OrganisationId, target.Kind)))
                return Rejection.Invalid($"targets[{i}]", "sets the same organisation and kind as an earlier target in this request");
        }
        return Verdict.Record(new TargetsSet(workstream.Id, Targets, OccurredOn));
    }

    public IEnumerable<OrganisationReference> Organisations => Targets.Select((target, i) => (target.OrganisationId, i)).Where(named => named.OrganisationId is not null)
        .Select(named => new OrganisationReference($"targets[{named.i}].organisationId", named.OrganisationId!));

    ItemKey? IWorkstreamCommand.Item => null;

    Verdict IWorkstreamCommand.Decide(Workstream workstream, CountedItem? recorded, DateOnly today) => Decide(workstream, today);
}
