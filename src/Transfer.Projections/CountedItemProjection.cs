using JasperFx.Events;
using Marten.Events.Projections;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.MakingDecisions;
using Transfer.Domain.Workstreams.Retracting;
using Transfer.Domain.Workstreams.TransferringContracts;
using Transfer.Domain.Workstreams.UnifyingSystems;

namespace Transfer.Projections;

/// <summary>
/// One small document per counted item, gathered from the postings and retractions of its workstream.
/// An append then writes a few small documents whatever the size of the workstream, and a decision
/// reads only the item it is about.
/// </summary>
public sealed class CountedItemProjection : MultiStreamProjection<CountedItem, string>
{
    public CountedItemProjection()
    {
        Identity<ContractTransferred>(e => ItemEvent.Of(e)!.ItemId);
        Identity<SystemUnified>(e => ItemEvent.Of(e)!.ItemId);
        Identity<DecisionMade>(e => ItemEvent.Of(e)!.ItemId);
        Identity<ItemRetracted>(e => ItemEvent.Of(e)!.ItemId);
    }

    public override CountedItem? Evolve(CountedItem? snapshot, string id, IEvent e) =>
        ItemEvent.Of(e.Data) is { } change ? CountedItem.Record(snapshot, change, RecordedInstant.Of(e), e.Version) : snapshot;
}
