using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

// Usage: Transfer.Benchmarks <api-url> <pmo-token>
// Against an API holding the demo data set: measures the status views as chairs read them, then the
// append path as a bulk import uses it (one workstream event per request).
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Transfer.Benchmarks <api-url> <pmo-token>   (scripts/bench.sh supplies both)");
    return 2;
}

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(args[0]) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", args[1]);

async Task Expect(HttpResponseMessage response, params HttpStatusCode[] accepted)
{
    if (!accepted.Contains(response.StatusCode))
        throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
}

var run = DateTime.UtcNow.ToString("HHmmss");
await Expect(await http.PostAsJsonAsync("/api/organisations", new { id = "bench-org", name = "Benchmark municipality", kind = "municipality" }),
    HttpStatusCode.Created, HttpStatusCode.Conflict);
await Expect(await http.PostAsJsonAsync("/api/working-groups", new { id = "bench-group", name = "Benchmark group" }),
    HttpStatusCode.Created, HttpStatusCode.Conflict);

async Task<string> NewWorkstream(string name)
{
    var id = $"bench-{run}-{name}";
    await Expect(await http.PostAsJsonAsync("/api/workstreams", new
    {
        id, name, workingGroupId = "bench-group", category = "administration", startDate = "2021-09-01", dueDate = "2022-01-31",
    }), HttpStatusCode.Created);
    return id;
}

async Task<List<double>> PostContracts(string workstream, int count, string prefix)
{
    var latencies = new List<double>(count);
    for (var i = 0; i < count; i++)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await http.PostAsJsonAsync($"/api/workstreams/{workstream}/contracts",
            new { organisationId = "bench-org", contractRef = $"{prefix}-{i}", counterparty = "Oy Ab", occurredOn = "2022-01-28" });
        await Expect(response, HttpStatusCode.Created);
        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
    return latencies;
}

void Report(string scenario, int clients, List<double> latencies, TimeSpan elapsed)
{
    latencies.Sort();
    double At(double q) => latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
    Console.WriteLine($"| {scenario,-44} | {clients,7} | {latencies.Count,6} | {latencies.Count / elapsed.TotalSeconds,8:F0} | {At(0.5),7:F1} | {At(0.95),7:F1} | {At(0.99),7:F1} |");
}

async Task Scenario(string name, string slug, int clients, int perClient, bool sharedStream)
{
    var shared = sharedStream ? await NewWorkstream($"{slug}-shared") : null;
    var streams = new List<string>();
    for (var c = 0; c < clients; c++) streams.Add(shared ?? await NewWorkstream($"{slug}-{c}"));

    var clock = Stopwatch.StartNew();
    var results = await Task.WhenAll(streams.Select((stream, c) => PostContracts(stream, perClient, $"{slug}-{c}")));
    Report(name, clients, results.SelectMany(r => r).ToList(), clock.Elapsed);
}

// The status views on the demo data set, as a chair's browser asks for them.
async Task Views(string label, string url, int times)
{
    var latencies = new List<double>(times);
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < times; i++)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await http.GetAsync(url);
        await response.Content.ReadAsByteArrayAsync();
        await Expect(response, HttpStatusCode.OK);
        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
    Report(label, 1, latencies, clock.Elapsed);
}

Console.WriteLine("| status view (demo data set, one client)      | clients | reads  | reads/s  | p50 ms  | p95 ms  | p99 ms  |");
Console.WriteLine("|----------------------------------------------|---------|--------|----------|---------|---------|---------|");
const string meeting = "asOf=2022-02-01&knownAt=2022-02-01T09:00:00%2B02:00";
string[] views =
[
    "/api/portfolio", $"/api/portfolio?{meeting}", "/api/working-groups/vate/status?asOf=2022-02-01", "/api/working-groups/hallinto/status",
    "/api/organisations/status?asOf=2022-02-01", $"/api/organisations/837/status?{meeting}", "/api/workstreams/sopimusten-siirrot?asOf=2022-01-30",
    "/api/workstreams/asiakasmaksut",
];
// Warm up the JIT, the connection pools and PostgreSQL's caches on every view before measuring any.
for (var round = 0; round < 20; round++)
    foreach (var view in views) await Expect(await http.GetAsync(view), HttpStatusCode.OK);
string[] labels =
[
    "portfolio, today", "portfolio, as known at a past meeting", "working group vate (whole tree)", "working group hallinto (43 workstreams)",
    "municipality board (25 rows)", "Tampere's board, as known at a meeting", "workstream with 1,750 contracts", "workstream with a few events",
];
foreach (var (label, view) in labels.Zip(views)) await Views(label, view, 300);
// The audit: the whole chain recomputed and every view replayed, and the whole log as CSV.
await Views("audit verify (whole history)", "/api/audit/verify", 20);
await Views("event log as CSV (whole history)", "/api/audit/events?format=csv", 20);
Console.WriteLine();

// Warm up the JIT, connection pools and PostgreSQL's caches before measuring.
await PostContracts(await NewWorkstream("warm-up"), 200, "warm");

Console.WriteLine("| scenario                                     | clients | events | events/s | p50 ms  | p95 ms  | p99 ms  |");
Console.WriteLine("|----------------------------------------------|---------|--------|----------|---------|---------|---------|");
await Scenario("one client, one workstream", "single", 1, 2000, sharedStream: false);
await Scenario("8 clients, a workstream each", "parallel", 8, 500, sharedStream: false);
await Scenario("4 clients, all on one workstream", "contended", 4, 250, sharedStream: true);
return 0;
