using System.Collections.Immutable;
using Transfer.Domain.Common;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.AssessingStatus;
using Transfer.Domain.Workstreams.ReceivingStaffData;
using Transfer.Domain.Workstreams.Registering;
using Transfer.Domain.Workstreams.Rescheduling;
using Transfer.Domain.Workstreams.SettingTargets;

namespace Transfer.Domain.Readiness;

/// <summary>
/// The registers of one workstream other than its counted items (each a <see cref="CountedItem"/>):
/// due date, targets, assessments and staff data, keyed by the tally each one moves. Only those an
/// event sets need be there when it is recorded; each is stored on its own (<see cref="TallyRegister"/>).
/// </summary>
public sealed record WorkstreamRegisters(string Id, ImmutableSortedDictionary<string, DatedValue> Values)
{
    public static WorkstreamRegisters Empty(string workstreamId) => new(workstreamId, ImmutableSortedDictionary.Create<string, DatedValue>(StringComparer.Ordinal));
}

/// <summary>
/// One register of one workstream as stored: a write rewrites only the registers it sets, so no
/// request can make later writes carry what earlier ones set (a thousand targets set once weigh on
/// those targets' later settings only).
/// </summary>
public sealed record TallyRegister(string Id, string WorkstreamId, string Tally, DatedValue Value)
{
    public static string IdOf(string workstreamId, string tally) => TallyBlock.SeriesOf(workstreamId, tally);
}

/// <summary>A step of a named tally of one workstream.</summary>
public sealed record TallyChange(string WorkstreamId, string Tally, TallyStep Step);

/// <summary>
/// The one place that says which event moves which of the boards' numbers: the projections, the audit
/// replay, the seeders and the tests all record events through it. Each event, recorded at an instant
/// as a stream version, moves the workstream's registers and counted item, and through them its tallies.
/// Recording must follow each stream's order (versions ascending).
/// </summary>
public static class ReadinessLedger
{
    /// <summary>
    /// The registers and item after the event, and the tally steps it makes. An event that sets no
    /// register (an item's posting or retraction) gives back the very same registers.
    /// </summary>
    /// <param name="registers">The workstream's registers so far (empty before its registration).</param>
    /// <param name="item">The counted item the event posts or retracts, as recorded so far; ignored for other events.</param>
    /// <param name="itemEvent">What the event says about its item (<see cref="ItemEvent.Of"/>), computed once by the caller, who needs its id to find the item.</param>
    public static (WorkstreamRegisters Registers, CountedItem? Item, IReadOnlyList<TallyChange> Changes) Record(
        WorkstreamRegisters registers, CountedItem? item, object @event, ItemEvent? itemEvent, DateTimeOffset recordedAt, long version)
    {
        var changes = new List<TallyChange>();
        var workstreamId = registers.Id;
        var values = registers.Values;

        foreach (var (tally, day, value) in Settings(@event, version))
        {
            var (next, steps) = values.GetValueOrDefault(tally, DatedValue.Empty).Set(day, value);
            values = values.SetItem(tally, next);
            changes.AddRange(steps.Select(step => new TallyChange(workstreamId, tally, new TallyStep(step.Day, recordedAt, step.Delta))));
        }

        if (itemEvent is not null)
        {
            // An item counts when its latest posting or retraction in force is a posting; the item's own
            // register, rebuilt from its few changes, says how that moves the count of its target.
            var counts = (item?.Changes ?? []).Aggregate(DatedValue.Empty, (value, change) => value.Set(change.OccurredOn.DayNumber, change.Posted ? 1 : 0).Next);
            var (_, steps) = counts.Set(itemEvent.OccurredOn.DayNumber, itemEvent.Posted ? 1 : 0);
            var tally = ItemTally(itemEvent);
            changes.AddRange(steps.Select(step => new TallyChange(workstreamId, tally, new TallyStep(step.Day, recordedAt, step.Delta))));
            item = CountedItem.Record(item, itemEvent, recordedAt, version);
        }

        return (ReferenceEquals(values, registers.Values) ? registers : registers with { Values = values }, item, changes);
    }

    /// <summary>
    /// Every tally the event may move, known from the event alone, so that the blocks recording it needs
    /// can be loaded before it is recorded. Every step <see cref="Record"/> makes is of one of these.
    /// </summary>
    public static IEnumerable<string> TalliesMovedBy(object @event, ItemEvent? itemEvent) =>
        RegistersSetBy(@event).Concat(itemEvent is null ? [] : [ItemTally(itemEvent)]);

    /// <summary>The registers (named by their tallies) an event sets: all <see cref="Record"/> reads of the registers it is given.</summary>
    public static IEnumerable<string> RegistersSetBy(object @event) => Settings(@event, version: 0).Select(setting => setting.Tally);

    /// <summary>The register values an event sets, each from a business day on (items aside).</summary>
    private static IEnumerable<(string Tally, int Day, long Value)> Settings(object @event, long version) => @event switch
    {
        // The registered due date is in force from the beginning of time until a rescheduling says otherwise.
        WorkstreamRegistered e => [(Tallies.DueDate, 0, e.DueDate.DayNumber)],
        WorkstreamRescheduled e => [(Tallies.DueDate, e.OccurredOn.DayNumber, e.DueDate.DayNumber)],
        TargetsSet e => e.Targets.Select(target => (Tallies.Expected(target.OrganisationId, target.Kind), e.OccurredOn.DayNumber, (long)target.Expected)),
        StatusAssessed e => [(Tallies.Assessed(e.Dimension), e.OccurredOn.DayNumber, AssessmentCode.Of(version, e.Rag))],
        // Staff data is done for an organisation when its latest submission in force is complete.
        StaffDataReceived e => [(Tallies.Done(e.OrganisationId, TargetKind.StaffData), e.OccurredOn.DayNumber, e.Complete ? 1 : 0)],
        _ => [],
    };

    private static string ItemTally(ItemEvent itemEvent) => Tallies.Done(itemEvent.Key.OrganisationId, Tallies.TargetKindOf(itemEvent.Key.Kind));
}
