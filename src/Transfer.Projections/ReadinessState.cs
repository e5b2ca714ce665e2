using Transfer.Domain.Readiness;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.Registering;

namespace Transfer.Projections;

/// <summary>
/// The documents kept for each workstream's stream other than its write model (its profile, its
/// registers, its counted items and its tally blocks), held in memory while events are recorded through
/// <see cref="ReadinessLedger"/>, then written back. Recording is in two passes: the ledger first turns
/// events into tally steps (reading registers and items), then the steps go to the tallies' open blocks,
/// a run per tally at a time. The projection loads what the events touch in one read; the audit replay
/// and seed-scale start empty and keep one workstream at a time.
/// </summary>
public sealed class ReadinessState
{
    private readonly Dictionary<string, WorkstreamProfile> profiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkstreamRegisters> registers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CountedItem> items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TallyBlock> openBlocks = new(StringComparer.Ordinal);
    private readonly List<TallyChange> pending = [];
    private readonly HashSet<string> stored = new(StringComparer.Ordinal);
    private readonly List<TallyBlock> closedBlocks = [];
    private readonly HashSet<string> changedProfiles = new(StringComparer.Ordinal);
    private readonly HashSet<(string WorkstreamId, string Tally)> changedRegisters = [];
    private readonly HashSet<string> changedItems = new(StringComparer.Ordinal);
    private readonly HashSet<string> changedBlocks = new(StringComparer.Ordinal);

    /// <summary>A register as stored; a register not added is new, and its first setting starts it.</summary>
    public void Add(TallyRegister known)
    {
        var workstream = registers.GetValueOrDefault(known.WorkstreamId) ?? WorkstreamRegisters.Empty(known.WorkstreamId);
        registers[known.WorkstreamId] = workstream with { Values = workstream.Values.SetItem(known.Tally, known.Value) };
        stored.Add(known.Id);
    }

    /// <summary>An item as stored; an item not added is new, and its first posting starts it.</summary>
    public void Add(CountedItem known)
    {
        items[known.Id] = known;
        stored.Add(known.Id);
    }

    /// <summary>A tally's open block as stored; a tally whose block is not added is new, and opens its first block.</summary>
    public void Add(TallyBlock known)
    {
        openBlocks[known.Series] = known;
        stored.Add(known.Id);
    }

    /// <summary>Whether a register, item or block was added as stored, rather than made while recording: whether writing it inserts or updates.</summary>
    public bool WasStored(string id) => stored.Contains(id);

    /// <summary>First pass: one event of a workstream's stream, in stream order.</summary>
    public void Record(string workstreamId, object @event, DateTimeOffset recordedAt, long version) =>
        Record(workstreamId, @event, ItemEvent.Of(@event), recordedAt, version);

    /// <param name="itemEvent">What the event says about its item, when the caller has it already.</param>
    public void Record(string workstreamId, object @event, ItemEvent? itemEvent, DateTimeOffset recordedAt, long version)
    {
        var itemId = itemEvent?.ItemId;
        var (nextRegisters, nextItem, changes) = ReadinessLedger.Record(
            registers.GetValueOrDefault(workstreamId) ?? WorkstreamRegisters.Empty(workstreamId),
            itemId is null ? null : items.GetValueOrDefault(itemId),
            @event, itemEvent, recordedAt, version);

        if (@event is WorkstreamRegistered registered)
        {
            profiles[workstreamId] = WorkstreamProfile.Start(registered, recordedAt);
            changedProfiles.Add(workstreamId);
        }
        if (!ReferenceEquals(nextRegisters, registers.GetValueOrDefault(workstreamId)))
        {
            registers[workstreamId] = nextRegisters;
            foreach (var tally in ReadinessLedger.RegistersSetBy(@event)) changedRegisters.Add((workstreamId, tally));
        }
        if (itemId is not null && nextItem is not null)
        {
            items[itemId] = nextItem;
            changedItems.Add(itemId);
        }
        pending.AddRange(changes);
    }

    /// <summary>Second pass: every step recorded so far, to its tally's open block, in the order recorded.</summary>
    public void StepTallies()
    {
        foreach (var tally in pending.GroupBy(change => (change.WorkstreamId, change.Tally)))
        {
            var series = TallyBlock.SeriesOf(tally.Key.WorkstreamId, tally.Key.Tally);
            var (open, closed) = (openBlocks.GetValueOrDefault(series) ?? TallyBlock.Open(tally.Key.WorkstreamId, tally.Key.Tally))
                .AddRange(tally.Select(change => change.Step).ToList());
            openBlocks[series] = open;
            changedBlocks.Add(series);
            closedBlocks.AddRange(closed);
        }
        pending.Clear();
    }

    public IEnumerable<WorkstreamProfile> ChangedProfiles => changedProfiles.Select(id => profiles[id]);

    public IEnumerable<TallyRegister> ChangedRegisters => changedRegisters.Select(changed =>
        new TallyRegister(TallyRegister.IdOf(changed.WorkstreamId, changed.Tally), changed.WorkstreamId, changed.Tally,
            registers[changed.WorkstreamId].Values[changed.Tally]));

    public IEnumerable<CountedItem> ChangedItems => changedItems.Select(id => items[id]);

    /// <summary>Blocks that closed (each kept as it is from then on), then the open blocks that changed.</summary>
    public IEnumerable<TallyBlock> ChangedBlocks => closedBlocks.Concat(changedBlocks.Select(series => openBlocks[series]));
}
