using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

/// <summary>The append path as a bulk import uses it: one contract posting per request.</summary>
public static class Appends
{
    public static async Task Run(Api api, string sizeLabel)
    {
        var workstreams = await BenchWorkstreams.Prepare(api);

        async Task<Latencies> PostContracts(string workstream, int count, string prefix)
        {
            var latencies = new Latencies(count);
            for (var i = 0; i < count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var response = await api.Http.PostAsJsonAsync($"/api/workstreams/{workstream}/contracts",
                    new { organisationId = "bench-org", contractRef = $"{prefix}-{i}", counterparty = "Oy Ab", occurredOn = "2022-01-28" });
                await Api.Expect(response, HttpStatusCode.Created);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            return latencies;
        }

        async Task Scenario(string name, string slug, int clients, int perClient, bool sharedStream)
        {
            var shared = sharedStream ? await workstreams.New($"{slug}-shared") : null;
            var streams = new List<string>();
            for (var c = 0; c < clients; c++) streams.Add(shared ?? await workstreams.New($"{slug}-{c}"));

            var clock = Stopwatch.StartNew();
            var results = Latencies.Merge(await Task.WhenAll(streams.Select((stream, c) => PostContracts(stream, perClient, $"{slug}-{c}"))));
            var elapsed = clock.Elapsed;
            Console.WriteLine($"| {name} | {clients} | {results.Count} | {results.Count / elapsed.TotalSeconds:F0} | " +
                $"{Views.Ms(results.At(0.5))} | {Views.Ms(results.At(0.95))} | {Views.Ms(results.At(0.99))} |");
        }

        // Warm up the JIT, connection pools and PostgreSQL's caches before measuring.
        await PostContracts(await workstreams.New("warm-up"), 200, "warm");

        Console.WriteLine($"| appends, contract postings ({sizeLabel}) | clients | events | events/s | p50 ms | p95 ms | p99 ms |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        await Scenario("one client, one workstream", "single", 1, 2000, sharedStream: false);
        await Scenario("8 clients, a workstream each", "parallel", 8, 500, sharedStream: false);
        await Scenario("4 clients, all on one workstream", "contended", 4, 250, sharedStream: true);
        Console.WriteLine();
    }
}
