using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

/// <summary>The verifiable evidence: signing a checkpoint, proofs against the whole log, and evidence bundles.</summary>
public static class Evidence
{
    private const int ProofRuns = 200;

    public static async Task Run(Api api, string sizeLabel)
    {
        var workstreams = await BenchWorkstreams.Prepare(api);
        var workstream = await workstreams.New("evidence");
        var random = new Random(9162);

        // Signing: a new event, the tree given a second to take it, then a checkpoint made now (its root folded from stored subtrees, signed, kept).
        var signing = new Latencies();
        for (var i = 0; i < 20; i++)
        {
            await Api.Expect(await api.Http.PostAsJsonAsync($"/api/workstreams/{workstream}/contracts",
                new { organisationId = "bench-org", contractRef = $"evidence-{i}", occurredOn = "2022-01-28" }), HttpStatusCode.Created);
            await WaitForTree(api, await Size(api) + 1);
            var started = Stopwatch.GetTimestamp();
            await Api.Expect(await api.Http.PostAsync("/api/audit/checkpoint", null), HttpStatusCode.OK);
            signing.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        var size = (await api.Http.GetFromJsonAsync<JsonElement>("/api/audit/checkpoint")).GetProperty("size").GetInt64();

        var inclusion = new Latencies(ProofRuns);
        var consistency = new Latencies(ProofRuns);
        var longestInclusion = 0;
        var longestConsistency = 0;
        for (var i = 0; i < ProofRuns; i++)
        {
            var index = random.NextInt64(size);
            var from = random.NextInt64(1, size);
            inclusion.Add(await Timed(api, $"/api/audit/proofs/inclusion?index={index}&size={size}", path => longestInclusion = Math.Max(longestInclusion, path)));
            consistency.Add(await Timed(api, $"/api/audit/proofs/consistency?from={from}&size={size}", path => longestConsistency = Math.Max(longestConsistency, path)));
        }

        var recent = await Bundle(api, $"?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"))}");
        var whole = await Bundle(api, "");

        Console.WriteLine($"| evidence ({sizeLabel}, tree of {size:N0} events) | runs | p50 ms | p95 ms | max ms | |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        Console.WriteLine($"| a checkpoint signed now, after a new event | {signing.Count} | {Views.Ms(signing.At(0.5))} | {Views.Ms(signing.At(0.95))} | {Views.Ms(signing.At(1))} | |");
        Console.WriteLine($"| inclusion proof of a random event | {inclusion.Count} | {Views.Ms(inclusion.At(0.5))} | {Views.Ms(inclusion.At(0.95))} | {Views.Ms(inclusion.At(1))} | longest path {longestInclusion} hashes |");
        Console.WriteLine($"| consistency proof from a random size | {consistency.Count} | {Views.Ms(consistency.At(0.5))} | {Views.Ms(consistency.At(0.95))} | {Views.Ms(consistency.At(1))} | longest path {longestConsistency} hashes |");
        Console.WriteLine($"| evidence bundle, the last 5 minutes | 1 | {Views.Ms(recent.Ms)} | | | {recent.Bytes / 1024.0:N0} KiB |");
        Console.WriteLine($"| evidence bundle, the whole log | 1 | {Views.Ms(whole.Ms)} | | | {whole.Bytes / 1048576.0:N1} MiB, {size / (whole.Ms / 1000):N0} events/s |");
        Console.WriteLine();
    }

    private static async Task<long> Size(Api api)
    {
        using var response = await api.Http.GetAsync("/api/audit/checkpoint");
        return response.StatusCode == HttpStatusCode.OK ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("size").GetInt64() : 0;
    }

    /// <summary>Until the tree holds <paramref name="size"/> events: a proof of that size exists only then.</summary>
    private static async Task WaitForTree(Api api, long size)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var response = await api.Http.GetAsync($"/api/audit/proofs/consistency?from=1&size={size}");
            if (response.StatusCode == HttpStatusCode.OK) return;
            await Task.Delay(20);
        }
        throw new TimeoutException($"The audit tree did not reach {size} events");
    }

    private static async Task<double> Timed(Api api, string url, Action<int> pathLength)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await api.Http.GetAsync(url);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        await Api.Expect(response, HttpStatusCode.OK);
        pathLength(body.GetProperty("path").GetArrayLength());
        return elapsed;
    }

    private static async Task<(double Ms, long Bytes)> Bundle(Api api, string query)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await api.Http.GetAsync("/api/audit/evidence" + query, HttpCompletionOption.ResponseHeadersRead);
        await Api.Expect(response, HttpStatusCode.OK);
        var bytes = (await response.Content.ReadAsByteArrayAsync()).LongLength;
        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, bytes);
    }
}
