namespace Transfer.Api.Demo;

/// <summary>
/// Which copy of the demo history a plan is: <c>seed-demo</c> plans copy 1 of 1, <c>seed-scale --factor N</c>
/// copies 1 to N of the same 68 workstreams. What a chair sees on a board does not grow with the history,
/// so the copies share the workstreams and their colours and differ only in their items and when things happened.
/// </summary>
public sealed record HistoryCopy(int Number, int Of)
{
    public static readonly HistoryCopy Demo = new(1, 1);

    /// <summary>
    /// A contract reference, system area or decision reference of this copy. Copy 1 keeps the demo's own;
    /// later copies suffix theirs, so each posts its own items instead of colliding with copy 1's.
    /// </summary>
    public string Ref(string demoRef) => Number == 1 ? demoRef : $"{demoRef}/{Number}";

    /// <summary>
    /// An expected count of contracts, systems or decisions: each copy posts the demo's count, so the target
    /// grows with the copies and the share done, and with it the colour, stays the demo's.
    /// </summary>
    public int Expected(int demoExpected) => demoExpected * Of;
}

/// <summary>
/// The plan's random draws, of two sorts. Shape draws decide what the boards show: how many contracts an
/// organisation has, a workstream's due date and pace, a rating. Timing draws decide only when something
/// happened within its window and when it was recorded, and the text of a reference. The demo (copy 1) draws
/// both from one generator, in the order it always has, so it plans the same history as ever. Later copies
/// replay copy 1's shape draws and make their own timing draws from a generator of their own: their dates
/// and instants differ, their colours do not.
/// </summary>
public sealed class PlanDraws
{
    private const int DemoSeed = 20230101;
    private readonly Random timing;
    private readonly List<int>? recording;
    private readonly IReadOnlyList<int>? replaying;
    private int replayed;

    private PlanDraws(Random timing, List<int>? recording, IReadOnlyList<int>? replaying) =>
        (this.timing, this.recording, this.replaying) = (timing, recording, replaying);

    /// <summary>The demo's draws, remembering the shape draws for later copies.</summary>
    public static PlanDraws Demo() => new(new Random(DemoSeed), recording: [], replaying: null);

    /// <summary>Copy <paramref name="copy"/> (2 or more) of a history whose copy 1 drew with <paramref name="first"/>.</summary>
    public static PlanDraws Copy(int copy, PlanDraws first) =>
        new(new Random(DemoSeed + copy), recording: null,
            replaying: first.recording ?? throw new ArgumentException("Later copies replay the shape draws of copy 1.", nameof(first)));

    public int Shape(int maxValue) => Shape(() => timing.Next(maxValue));

    public int Shape(int minValue, int maxValue) => Shape(() => timing.Next(minValue, maxValue));

    public int Timing(int minValue, int maxValue) => timing.Next(minValue, maxValue);

    public double TimingFraction() => timing.NextDouble();

    private int Shape(Func<int> draw)
    {
        if (replaying is not null)
            return replayed < replaying.Count ? replaying[replayed++] : throw new InvalidOperationException("A copy drew more shape values than copy 1 did.");
        var value = draw();
        recording!.Add(value);
        return value;
    }
}
