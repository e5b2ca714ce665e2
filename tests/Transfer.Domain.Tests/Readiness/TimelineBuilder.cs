using Transfer.Domain.Readiness;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.Registering;

namespace Transfer.Domain.Tests.Readiness;

/// <summary>Builds a workstream's timeline event by event, each recorded a minute after the last unless told otherwise.</summary>
public sealed class TimelineBuilder(string id = "ws", DateOnly? start = null, DateOnly? due = null, string group = "g")
{
    public static readonly DateTimeOffset FirstRecorded = new(2021, 9, 1, 8, 0, 0, TimeSpan.Zero);

    private WorkstreamTimeline timeline = WorkstreamTimeline.Start(
        new WorkstreamRegistered(id, $"Workstream {id}", group, WorkstreamCategory.Administration,
            start ?? new DateOnly(2021, 9, 1), due ?? new DateOnly(2021, 9, 11)),
        FirstRecorded);
    private readonly Dictionary<ItemKey, CountedItem> items = new();
    private long version = 1;
    private DateTimeOffset clock = FirstRecorded;

    public DateTimeOffset LastRecordedAt => clock;

    public TimelineBuilder Then(object @event, DateTimeOffset? recordedAt = null)
    {
        clock = recordedAt ?? clock.AddMinutes(1);
        timeline = timeline.Record(@event, clock, ++version);
        if (ItemEvent.Of(@event) is { } change)
            items[change.Key] = CountedItem.Record(items.GetValueOrDefault(change.Key), change, clock, version);
        return this;
    }

    public WorkstreamTimeline Build() => timeline;

    public IReadOnlyCollection<CountedItem> Items => items.Values;

    public WorkstreamStatus On(DateOnly asOf, DateTimeOffset? knownAt = null) =>
        WorkstreamStatus.Evaluate(timeline, items.Values, new Horizon(asOf, knownAt))!;
}
