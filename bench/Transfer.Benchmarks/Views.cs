using System.Diagnostics;
using System.Globalization;

/// <summary>
/// The status views as a chair's browser asks for them. However large the history, each view is read for at
/// most <see cref="TimePerView"/> (and 300 times at most), so a run stays bounded when a view is slow.
/// </summary>
public static class Views
{
    private const string Meeting = "asOf=2022-02-01&knownAt=2022-02-01T09:00:00%2B02:00";
    private const string LaterMeeting = "asOf=2022-06-30&knownAt=2022-07-01T09:00:00%2B03:00";
    private static readonly TimeSpan TimePerView = TimeSpan.FromSeconds(15);
    private const int ReadsPerView = 300, MinimumReads = 10;

    public static readonly (string Label, string Url)[] All =
    [
        ("portfolio, today", "/api/portfolio"),
        ("portfolio, as known at a past meeting", $"/api/portfolio?{Meeting}"),
        ("portfolio, as known at a later meeting", $"/api/portfolio?{LaterMeeting}"),
        ("working group vate (whole tree)", "/api/working-groups/vate/status?asOf=2022-02-01"),
        ("working group hallinto (43 workstreams)", "/api/working-groups/hallinto/status"),
        ("municipality board (25 rows)", "/api/organisations/status?asOf=2022-02-01"),
        ("municipality board, as known at a past meeting", $"/api/organisations/status?{Meeting}"),
        ("Tampere's board, as known at a meeting", $"/api/organisations/837/status?{Meeting}"),
        ("the contracts workstream (1,750 contracts a copy)", "/api/workstreams/sopimusten-siirrot?asOf=2022-01-30"),
        ("workstream with a few events a copy", "/api/workstreams/asiakasmaksut"),
    ];

    /// <summary>The series behind the dashboard's charts and What changed: one request a chart, each point a whole board of its day.</summary>
    public static readonly (string Label, string Url)[] Charts =
    [
        ("chart: the portfolio week by week, 1.9.2021 to 1.2.2022", "/api/portfolio/series?to=2022-02-01"),
        ("chart: the portfolio from the start to today (at most 120 points)", "/api/portfolio/series"),
        ("chart: the municipality board's trend column (8 weeks)", "/api/organisations/series?to=2022-02-01"),
        ("chart: Tampere's colour strip (9 workstreams, 21 weeks)", "/api/organisations/837/series?to=2022-02-01"),
        ("chart: the contracts workstream's burn-up (25 targets, 23 weeks)", "/api/workstreams/sopimusten-siirrot/series?to=2022-02-01"),
        ("what changed in the two weeks to 1.2.2022, and why", "/api/changes?from=2022-01-18&to=2022-02-01"),
    ];

    /// <summary>Kanta-Häme's boards (the demo's small second county), read with a Kanta-Häme token.</summary>
    public static readonly (string Label, string Url)[] SmallCounty =
    [
        ("Kanta-Häme: portfolio", "/api/portfolio?asOf=2022-02-01"),
        ("Kanta-Häme: municipality board (14 rows)", "/api/organisations/status?asOf=2022-02-01"),
        ("Kanta-Häme: working group valmistelu (whole tree)", "/api/working-groups/valmistelu/status?asOf=2022-02-01"),
        ("Kanta-Häme: the contracts workstream", "/api/workstreams/sopimusten-siirto?asOf=2022-01-30"),
    ];

    /// <summary>Warms up the JIT, the connection pools and PostgreSQL's caches on every view, then reads each from one client.</summary>
    /// <param name="results">Where to write label, p50, p95 and p99 per view (tab-separated), for scripts/bench.sh's growth table.</param>
    /// <param name="views">The views to read: Pirkanmaa's boards and charts, unless another county's are given.</param>
    public static async Task OneClient(Api api, string sizeLabel, string? results, (string Label, string Url)[]? views = null)
    {
        views ??= [.. All, .. Charts];
        var warmUp = Stopwatch.StartNew();
        for (var round = 0; round < 20 && (round < 2 || warmUp.Elapsed < TimeSpan.FromSeconds(20)); round++)
            foreach (var (_, url) in views) await api.Read(url);

        Console.WriteLine($"| status view ({sizeLabel}, one client) | reads | p50 ms | p95 ms | p99 ms |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        var rows = new List<string>();
        foreach (var (label, url) in views)
        {
            var latencies = new Latencies(ReadsPerView);
            var clock = Stopwatch.StartNew();
            while (latencies.Count < ReadsPerView && (latencies.Count < MinimumReads || clock.Elapsed < TimePerView))
                latencies.Add(await api.Read(url));
            Console.WriteLine($"| {label} | {latencies.Count} | {Ms(latencies.At(0.5))} | {Ms(latencies.At(0.95))} | {Ms(latencies.At(0.99))} |");
            rows.Add(string.Join('\t', label, Invariant(latencies.At(0.5)), Invariant(latencies.At(0.95)), Invariant(latencies.At(0.99))));
        }
        if (results is not null) await File.WriteAllLinesAsync(results, rows);
        Console.WriteLine();
    }

    /// <summary>Several clients read the whole mix of views, each starting at a different view, for a fixed time.</summary>
    public static async Task Concurrent(Api api, string sizeLabel, int clients, TimeSpan duration)
    {
        var stop = Stopwatch.StartNew();
        var perClient = await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            var latencies = new Latencies();
            for (var i = client; stop.Elapsed < duration; i++)
                latencies.Add(await api.Read(All[i % All.Length].Url));
            return latencies;
        }));
        var elapsed = stop.Elapsed;
        var all = Latencies.Merge(perClient);
        Console.WriteLine($"| the mix of status views ({sizeLabel}) | clients | seconds | reads | reads/s | p50 ms | p95 ms | p99 ms |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        Console.WriteLine($"| every view above in turn | {clients} | {elapsed.TotalSeconds:F0} | {all.Count} | {all.Count / elapsed.TotalSeconds:F1} | " +
            $"{Ms(all.At(0.5))} | {Ms(all.At(0.95))} | {Ms(all.At(0.99))} |");
        Console.WriteLine();
    }

    /// <summary>Milliseconds with three significant figures or so: 0.7, 9.2, 103.</summary>
    public static string Ms(double ms) => ms < 100 ? ms.ToString("F1", CultureInfo.InvariantCulture) : ms.ToString("F0", CultureInfo.InvariantCulture);

    private static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
