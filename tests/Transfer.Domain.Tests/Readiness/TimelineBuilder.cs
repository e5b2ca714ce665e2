using Transfer.Domain.Readiness;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.Registering;

namespace Transfer.Domain.Tests.Readiness;

/// <summary>
/// Builds a workstream's history event by event, each recorded a minute after the last unless told
/// otherwise, through the same ledger and tally blocks the projections keep, and evaluates it.
/// </summary>
public sealed class TimelineBuilder
{
    public static readonly DateTimeOffset FirstRecorded = new(2021, 9, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, CountedItem> items = new();
    private readonly Dictionary<string, List<TallyBlock>> blocks = new();
    private WorkstreamRegisters registers;
    private long version;
    private DateTimeOffset clock = FirstRecorded;

    public TimelineBuilder(string id = "ws", DateOnly? start = null, DateOnly? due = null, string group = "g")
    {
        var registered = new WorkstreamRegistered(id, $"Workstream {id}", group, WorkstreamCategory.Administration,
            start ?? new DateOnly(2021, 9, 1), due ?? new DateOnly(2021, 9, 11));
        Profile = WorkstreamProfile.Start(registered, FirstRecorded);
        registers = WorkstreamRegisters.Empty(id);
        Record(registered);
    }

    public WorkstreamProfile Profile { get; private set; }

    public DateTimeOffset LastRecordedAt => clock;

    public IReadOnlyCollection<CountedItem> Items => items.Values;

    /// <summary>Every block of every tally, closed and open.</summary>
    public IEnumerable<TallyBlock> Blocks => blocks.Values.SelectMany(series => series);

    public TimelineBuilder Then(object @event, DateTimeOffset? recordedAt = null)
    {
        clock = recordedAt ?? clock.AddMinutes(1);
        Record(@event);
        return this;
    }

    private void Record(object @event)
    {
        version++;
        var itemEvent = ItemEvent.Of(@event);
        var itemId = itemEvent?.ItemId;
        var (nextRegisters, item, changes) = ReadinessLedger.Record(registers, itemId is null ? null : items.GetValueOrDefault(itemId), @event, itemEvent, clock, version);
        // The projection loads only the blocks of the tallies an event may move, known before recording it.
        changes.Select(change => change.Tally).ShouldBeSubsetOf(ReadinessLedger.TalliesMovedBy(@event, itemEvent));
        registers = nextRegisters;
        if (itemId is not null) items[itemId] = item!;
        foreach (var change in changes)
        {
            if (!blocks.TryGetValue(change.Tally, out var series)) blocks[change.Tally] = series = [TallyBlock.Open(Profile.Id, change.Tally)];
            var (open, closed) = series[^1].AddRange([change.Step]);
            series.RemoveAt(series.Count - 1);
            series.AddRange([.. closed, open]);
        }
    }

    public WorkstreamStatus On(DateOnly asOf, DateTimeOffset? knownAt = null) =>
        WorkstreamStatus.Evaluate(Profile, TalliesAt(asOf, knownAt), new Horizon(asOf, knownAt))!;

    /// <summary>Each tally's value, read from its block open at knownAt, as the boards read them.</summary>
    public IReadOnlyDictionary<string, long> TalliesAt(DateOnly asOf, DateTimeOffset? knownAt) =>
        blocks.Select(series => (series.Key, block: TallyBlock.OpenAt(series.Value, knownAt)))
            .Where(row => row.block is not null)
            .ToDictionary(row => row.Key, row => row.block!.ValueAt(asOf.DayNumber, knownAt));
}
