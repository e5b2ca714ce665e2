using Transfer.Domain.Common;

namespace Transfer.Domain.Workstreams.MakingDecisions;

/// <param name="OrganisationId">None for a county-level decision.</param>
/// <param name="Body">The decision-making body: regional council, VATE, a municipal council, ...</param>
public sealed record DecisionMade(
    string WorkstreamId, string? OrganisationId, string Body, string Reference, string Title, DateOnly OccurredOn);

public sealed record MakeDecision(string? OrganisationId, string Body, string Reference, string Title, DateOnly OccurredOn)
{
    public Decision Decide(Workstream workstream, DateOnly today) =>
        CountedItems.Post(workstream, new(ItemKind.Decision, OrganisationId, Reference), OccurredOn, today,
            () => new DecisionMade(workstream.Id, OrganisationId, Body, Reference, Title, OccurredOn));
}
