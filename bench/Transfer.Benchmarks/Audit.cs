using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

/// <summary>The audit routes, whose work grows with the whole history rather than with a board.</summary>
public static class Audit
{
    /// <summary>Runs at most this often, and stops starting new runs after <see cref="Budget"/>.</summary>
    private const int MaxRuns = 20;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    public static async Task Run(Api api, string sizeLabel)
    {
        var events = (await api.Http.GetFromJsonAsync<JsonElement>("/api/audit/verify")).GetProperty("events").GetInt64();
        Console.WriteLine($"| audit route ({sizeLabel}) | runs | events | p50 ms | p95 ms | events/s at p50 |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        await Measure(api, "verify: the whole chain recomputed and every view replayed", "/api/audit/verify", events);
        await Measure(api, "the whole event log as CSV", "/api/audit/events?format=csv", events);
        Console.WriteLine();
    }

    private static async Task Measure(Api api, string label, string url, long events)
    {
        var latencies = new Latencies();
        var clock = Stopwatch.StartNew();
        while (latencies.Count < MaxRuns && (latencies.Count < 2 || clock.Elapsed < Budget))
            latencies.Add(await api.Read(url));
        var p50 = latencies.At(0.5);
        Console.WriteLine($"| {label} | {latencies.Count} | {events:N0} | {Views.Ms(p50)} | {Views.Ms(latencies.At(0.95))} | {events / (p50 / 1000):N0} |");
    }
}
