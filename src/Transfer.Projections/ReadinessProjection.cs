using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Transfer.Domain.Common;
using Transfer.Domain.Readiness;
using Transfer.Domain.Workstreams;

namespace Transfer.Projections;

/// <summary>
/// Keeps the views of a workstream's stream other than its write model: its profile, each counted item
/// (for the decisions about it), each of the workstream's registers, and the tallies the boards sum, each as a
/// chain of <see cref="TallyBlock"/>s. One custom projection, because one event moves documents of
/// several kinds that depend on each other (an item's change decides the step of its target's tally),
/// and one pass over the events costs a rebuild less than a pass per view. The rules themselves are the
/// domain's <see cref="ReadinessLedger"/>. It reads and writes only its own documents, in one batched
/// read and one batched write per set of events, so appends stay cheap and rebuilds need nothing else.
/// </summary>
public sealed class ReadinessProjection : IProjection
{
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var workstreamEvents = events.Where(e => IsWorkstreamEvent(e.Data)).Select(e => (Event: e, Item: ItemEvent.Of(e.Data))).ToList();
        if (workstreamEvents.Count == 0) return;

        var state = new ReadinessState();
        var registerIds = workstreamEvents
            .SelectMany(e => ReadinessLedger.RegistersSetBy(e.Event.Data).Select(tally => TallyRegister.IdOf(e.Event.StreamKey!, tally)))
            .Distinct().ToArray();
        var itemIds = workstreamEvents.Select(e => e.Item?.ItemId).OfType<string>().Distinct().ToArray();
        var series = workstreamEvents
            .SelectMany(e => ReadinessLedger.TalliesMovedBy(e.Event.Data, e.Item).Select(tally => TallyBlock.SeriesOf(e.Event.StreamKey!, tally)))
            .Distinct().ToArray();
        var batch = operations.CreateBatchQuery();
        var registers = registerIds.Length == 0 ? null : batch.LoadMany<TallyRegister>().ById(registerIds);
        var items = itemIds.Length == 0 ? null : batch.LoadMany<CountedItem>().ById(itemIds);
        var blocks = batch.LoadMany<TallyBlock>().ById(series);
        await batch.Execute(cancellation);
        if (registers is not null) foreach (var known in await registers) state.Add(known);
        if (items is not null) foreach (var known in await items) state.Add(known);
        foreach (var known in await blocks) state.Add(known);

        foreach (var (e, item) in workstreamEvents)
            state.Record(e.StreamKey!, e.Data, item, RecordedInstant.Of(e), e.Version);
        state.StepTallies();

        foreach (var changed in state.ChangedProfiles) operations.Store(changed);
        foreach (var changed in state.ChangedRegisters)
            if (state.WasStored(changed.Id)) operations.Store(changed); else operations.Insert(changed);
        // Documents seen for the first time are inserted rather than upserted: PostgreSQL then has no
        // conflict to look for, which is most of what a rebuild (and an import) writes.
        InsertNewItems(operations, state.ChangedItems.Where(item => !state.WasStored(item.Id)).ToList());
        foreach (var changed in state.ChangedItems.Where(item => state.WasStored(item.Id))) operations.Store(changed);
        foreach (var changed in state.ChangedBlocks)
            if (state.WasStored(changed.Id)) operations.Store(changed); else operations.Insert(changed);
    }

    /// <summary>
    /// Inserts items counted for the first time with one statement, as Marten would insert each (its JSON,
    /// its type name, revision 1). Written by hand because Marten sends one statement per document, and a
    /// rebuild counts a new item for almost every event: those statements were a third of a rebuild's time.
    /// </summary>
    private static void InsertNewItems(IDocumentOperations operations, IReadOnlyList<CountedItem> items)
    {
        if (items.Count == 0) return;
        var options = operations.DocumentStore.Options;
        var serializer = options.Serializer();
        var table = options.FindOrResolveDocumentType(typeof(CountedItem)).TableName.QualifiedName;
        // The session's county (its tenant) is the items' own: SQL sets no tenant by itself.
        operations.QueueSqlCommand(
            $"insert into {table} (tenant_id, id, data, mt_version, mt_dotnet_type, workstream_id) " +
            "select ?, id, data::jsonb, 1, ?, workstream_id from unnest(?, ?, ?) as item(id, data, workstream_id)",
            operations.TenantId,
            typeof(CountedItem).FullName!,
            items.Select(item => item.Id).ToArray(),
            items.Select(item => serializer.ToJson(item)).ToArray(),
            items.Select(item => item.WorkstreamId).ToArray());
    }

    /// <summary>Every event of a workstream's stream; organisations and working groups have streams of their own.</summary>
    public static bool IsWorkstreamEvent(object data) =>
        data is not Domain.Organisations.OrganisationRegistered and not Domain.WorkingGroups.WorkingGroupRegistered
        && EventTypes.All.Contains(data.GetType());
}
