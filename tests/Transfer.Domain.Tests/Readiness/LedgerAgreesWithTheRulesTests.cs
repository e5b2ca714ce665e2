using Transfer.Domain.Common;
using Transfer.Domain.Readiness;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.AssessingStatus;
using Transfer.Domain.Workstreams.ReceivingStaffData;
using Transfer.Domain.Workstreams.Rescheduling;
using Transfer.Domain.Workstreams.Retracting;
using Transfer.Domain.Workstreams.SettingTargets;
using Transfer.Domain.Workstreams.TransferringContracts;

namespace Transfer.Domain.Tests.Readiness;

/// <summary>
/// The tallies agree with READINESS.md read literally: on random histories (back-dated reports,
/// retractions and re-postings, several changes on one day, more steps than a block holds), every
/// (asOf, knownAt) pair gives the same targets, due date, colours and assessments as filtering the recorded
/// facts by the horizon and taking the latest in force, as the rules say.
/// </summary>
public sealed class LedgerAgreesWithTheRulesTests
{
    private static readonly DateOnly Start = new(2021, 9, 1);
    private static readonly DateOnly Due = new(2021, 10, 15);
    private static readonly string[] Organisations = ["837", "pshp"];

    private sealed record Recorded(object Event, DateTimeOffset RecordedAt, long Version);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_histories_evaluate_as_the_rules_read_literally(int seed)
    {
        var random = new Random(seed);
        var ws = new TimelineBuilder(start: Start, due: Due);
        var history = new List<Recorded>();
        var clock = TimelineBuilder.FirstRecorded;
        var posted = new Dictionary<(string, string), bool>(); // most recently recorded: posted?
        DateOnly AnyDay() => Start.AddDays(random.Next(-5, 60));

        for (var n = 0; n < 400; n++)
        {
            clock = clock.AddMinutes(random.Next(0, 3) == 0 ? 0 : random.Next(1, 600)); // some share an instant
            var organisation = Organisations[random.Next(Organisations.Length)];
            object @event = random.Next(10) switch
            {
                0 => new TargetsSet("ws", [new Target(organisation, TargetKind.Contract, random.Next(1, 40)), new Target(organisation, TargetKind.StaffData, 1)], AnyDay()),
                1 => new WorkstreamRescheduled("ws", Due.AddDays(random.Next(-20, 20)), "moved", AnyDay()),
                2 => new StatusAssessed("ws", (AssessmentDimension)random.Next(6), (Rag)random.Next(1, 4), "why", AnyDay()),
                3 => new StaffDataReceived("ws", organisation, 10, random.Next(2) == 0, AnyDay()),
                _ => ItemChange(organisation, $"C-{random.Next(30)}"),
            };
            ws.Then(@event, clock);
            history.Add(new Recorded(@event, clock, history.Count + 2));
        }

        object ItemChange(string organisation, string reference) =>
            posted.GetValueOrDefault((organisation, reference))
                ? Set(new ItemRetracted("ws", ItemKind.Contract, organisation, reference, "error", AnyDay()), organisation, reference, false)
                : Set(new ContractTransferred("ws", organisation, reference, null, AnyDay()), organisation, reference, true);
        object Set(object @event, string organisation, string reference, bool isPosted)
        {
            posted[(organisation, reference)] = isPosted;
            return @event;
        }

        ws.Blocks.Count(block => !block.IsOpen).ShouldBeGreaterThan(0, "the history must be long enough to close blocks");
        var instants = history.Select(r => r.RecordedAt).Distinct().ToList();
        for (var probe = 0; probe < 300; probe++)
        {
            var asOf = Start.AddDays(random.Next(-10, 80));
            DateTimeOffset? knownAt = random.Next(5) switch
            {
                0 => null,
                1 => instants[random.Next(instants.Count)], // exactly an event's instant: inclusive
                _ => instants[random.Next(instants.Count)].AddSeconds(random.Next(-30, 30)),
            };
            var expected = Literally(history, new Horizon(asOf, knownAt), ws.Profile);
            var actual = ws.On(asOf, knownAt);
            actual.DueDate.ShouldBe(expected.DueDate, $"asOf {asOf}, knownAt {knownAt}");
            actual.Targets.ShouldBe(expected.Targets, $"asOf {asOf}, knownAt {knownAt}");
            actual.Rag.ShouldBe(expected.Rag, $"asOf {asOf}, knownAt {knownAt}");
            actual.Assessments.ShouldBe(expected.Assessments, $"asOf {asOf}, knownAt {knownAt}");
        }
    }

    /// <summary>READINESS.md, read literally over the recorded events, with no precomputation at all.</summary>
    private static WorkstreamStatus Literally(IReadOnlyList<Recorded> history, Horizon horizon, WorkstreamProfile profile)
    {
        var known = history.Where(r => horizon.Knows(r.RecordedAt)).ToList();
        IEnumerable<(T Event, long Version)> InForce<T>(Func<T, DateOnly> occurredOn) =>
            known.Where(r => r.Event is T e && occurredOn(e) <= horizon.AsOf)
                .Select(r => ((T)r.Event, r.Version))
                .OrderBy(r => occurredOn(r.Item1)).ThenBy(r => r.Version);

        var dueDate = InForce<WorkstreamRescheduled>(e => e.OccurredOn).Select(r => r.Event.DueDate).DefaultIfEmpty(Due).Last();
        var expected = new Dictionary<(string?, TargetKind), int>();
        foreach (var (change, _) in InForce<TargetsSet>(e => e.OccurredOn))
            foreach (var target in change.Targets) expected[(target.OrganisationId, target.Kind)] = target.Expected;

        int Done(string? organisation, TargetKind kind) => kind == TargetKind.StaffData
            ? InForce<StaffDataReceived>(e => e.OccurredOn).Where(r => r.Event.OrganisationId == organisation).Select(r => r.Event.Complete).DefaultIfEmpty(false).Last() ? 1 : 0
            : known.Where(r => ItemEvent.Of(r.Event) is { } item && item.Key.OrganisationId == organisation && item.OccurredOn <= horizon.AsOf)
                .Select(r => (item: ItemEvent.Of(r.Event)!, r.Version))
                .GroupBy(r => r.item.Key)
                .Count(changes => changes.OrderBy(r => r.item.OccurredOn).ThenBy(r => r.Version).Last().item.Posted);

        var targets = expected.Select(target =>
            {
                var ((organisation, kind), count) = target;
                var done = Done(organisation, kind);
                return new TargetStatus(organisation, kind, count, done, RagRules.TargetProgress(count, done, horizon.AsOf, Start, dueDate));
            })
            .OrderBy(t => t.OrganisationId, StringComparer.Ordinal).ThenBy(t => t.Kind).ToList();

        var assessments = InForce<StatusAssessed>(e => e.OccurredOn)
            .GroupBy(r => r.Event.Dimension).Select(dimension => dimension.Last())
            .OrderBy(r => r.Event.Dimension)
            .Select(r => new AssessmentRef(r.Event.Dimension, r.Event.Rag, r.Version)).ToList();
        Rag Assessed(AssessmentDimension dimension) => assessments.FirstOrDefault(a => a.Dimension == dimension)?.Rag ?? Rag.None;
        var progress = RagRules.Worst(targets.Select(t => t.Rag));
        var rag = new WorkstreamRag(
            RagRules.Worst(Enum.GetValues<AssessmentDimension>().Select(Assessed).Append(progress)), progress,
            Assessed(AssessmentDimension.Deliverables), Assessed(AssessmentDimension.Schedule), Assessed(AssessmentDimension.Cost),
            Assessed(AssessmentDimension.Benefits), Assessed(AssessmentDimension.Risk));
        return new WorkstreamStatus(profile, dueDate, rag, targets, assessments);
    }
}
