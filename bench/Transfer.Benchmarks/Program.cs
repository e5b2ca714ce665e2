// Usage: Transfer.Benchmarks <api-url> <pmo-token> [views] [concurrent] [audit] [evidence] [appends] [imports] [small-county] [--size "25,000 events"] [--results FILE]
// Drives a running API over HTTP and prints markdown tables; scripts/bench.sh starts the API on each size of
// history and says which sections to run there. Without sections, it runs all but small-county (Kanta-Häme's
// boards, with a Kanta-Häme token, where scripts/bench.sh serves two counties).
string[] sections = ["views", "concurrent", "audit", "evidence", "appends", "imports", "small-county"];
var positional = new List<string>();
string size = "demo data set", results = "";
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--size" when i + 1 < args.Length: size = args[++i]; break;
        case "--results" when i + 1 < args.Length: results = args[++i]; break;
        default: positional.Add(args[i]); break;
    }
}
var chosen = positional.Skip(2).ToList();
if (positional.Count < 2 || chosen.Except(sections).Any())
{
    Console.Error.WriteLine($"usage: Transfer.Benchmarks <api-url> <pmo-token> [{string.Join("] [", sections)}] [--size LABEL] [--results FILE]   (scripts/bench.sh supplies them)");
    return 2;
}
if (chosen.Count == 0) chosen = [.. sections.Except(["small-county"])];

using var api = new Api(positional[0], positional[1]);
if (chosen.Contains("views")) await Views.OneClient(api, size, results is "" ? null : results);
if (chosen.Contains("concurrent")) await Views.Concurrent(api, size, clients: 8, duration: TimeSpan.FromSeconds(10));
if (chosen.Contains("audit")) await Audit.Run(api, size);
if (chosen.Contains("evidence")) await Evidence.Run(api, size);
if (chosen.Contains("appends")) await Appends.Run(api, size);
if (chosen.Contains("imports")) await Imports.Run(api, size);
if (chosen.Contains("small-county")) await Views.OneClient(api, size, results is "" ? null : results, Views.SmallCounty);
return 0;
