using Transfer.Domain.Common;

namespace Transfer.Domain.Workstreams.MakingDecisions;

/// <param name="OrganisationId">None for a county-level decision.</param>
/// <param name="Body">The decision-making body: regional council, VATE, a municipal council, ...</param>
public sealed record DecisionMade(
    string WorkstreamId, string? OrganisationId, string Body, string Reference, string Title, DateOnly OccurredOn);

public sealed record MakeDecision(string? OrganisationId, string Body, string Reference, string Title, DateOnly OccurredOn) : IWorkstreamCommand
{
    /// <summary>The item this command posts: load it, and pass it to <see cref="Decide"/>.</summary>
    public ItemKey Item => new(ItemKind.Decision, OrganisationId, Reference);

    public Verdict Decide(Workstream workstream, CountedItem? recorded, DateOnly today) =>
        CountedItems.Post(workstream, Item, recorded, OccurredOn, today,
            () => new DecisionMade(workstream.Id, OrganisationId, Body, Reference, Title, OccurredOn));

    public IEnumerable<OrganisationReference> Organisations => OrganisationId is null ? [] : [new("organisationId", OrganisationId)];

    ItemKey? IWorkstreamCommand.Item => Item;
}
