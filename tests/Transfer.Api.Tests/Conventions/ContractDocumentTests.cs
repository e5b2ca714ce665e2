using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Conventions;

/// <summary>
/// The repository's own contract (docs/) says what the API serves: every route docs/api.md lists is an
/// operation of the served OpenAPI document and every operation is listed there, and every configuration
/// key the code reads is in docs/operations.md.
/// </summary>
public sealed partial class ContractDocumentTests(TransferAppFixture app) : ApiTest(app)
{
    private static readonly string Docs = Path.Combine(Repository.Root, "docs");

    [Fact]
    public async Task Every_route_in_docs_api_md_is_served_and_every_served_route_is_in_it()
    {
        var documented = DocumentedRoutes(await File.ReadAllTextAsync(Path.Combine(Docs, "api.md")));
        documented.ShouldNotBeEmpty("docs/api.md lists its routes as table rows starting | `METHOD /path` |");

        var paths = JsonDocument.Parse((await Get("/openapi/v1.json", token: "")).Text).RootElement.GetProperty("paths");
        var served = paths.EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(operation => OperationMethods.Contains(operation.Name))
                .Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .ToList();

        var differences = served.Where(route => !documented.ContainsKey(Normalised(route)))
            .Select(route => $"{route}: served in /openapi/v1.json, missing from docs/api.md")
            .Concat(documented.Where(route => !served.Select(Normalised).Contains(route.Key))
                .Select(route => $"{route.Value}: listed in docs/api.md, not an operation of /openapi/v1.json"))
            .ToList();
        differences.ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_configuration_key_the_code_reads_is_in_docs_operations_md()
    {
        var operations = await File.ReadAllTextAsync(Path.Combine(Docs, "operations.md"));
        var missing = ConfigurationKeys().Where(key => !operations.Contains(key, StringComparison.Ordinal)).ToList();
        missing.ShouldBeEmpty("read by the code but not named in docs/operations.md");
    }

    private static readonly HashSet<string> OperationMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    /// <summary>
    /// The routes of docs/api.md: each is a table row whose first cell is the method and path in backticks,
    /// e.g. <c>| `GET /api/portfolio` | ... |</c>. Keyed by the route with its path parameters' names left out.
    /// </summary>
    private static Dictionary<string, string> DocumentedRoutes(string markdown)
    {
        var routes = new Dictionary<string, string>();
        foreach (Match row in RouteRow().Matches(markdown))
        {
            var route = $"{row.Groups["method"].Value} {row.Groups["path"].Value}";
            routes.TryAdd(Normalised(route), route).ShouldBeTrue($"docs/api.md lists {route} twice");
        }
        return routes;
    }

    /// <summary>A route with its path parameters unnamed: docs/api.md may call /api/imports/{import} /api/imports/{kind}.</summary>
    private static string Normalised(string route) => PathParameter().Replace(route, "{}");

    /// <summary>
    /// The keys the code reads: every property a settings class binds (a class with a constant Section:
    /// Section:Property; a section read key by key, such as Counties, by its name), the connection strings
    /// (constants named ConnectionStringName), settings read by a constant name ending in Setting (the
    /// OpenTelemetry endpoint), and keys written out in the API's source ("Imports:MaxBytes").
    /// </summary>
    private static List<string> ConfigurationKeys()
    {
        var keys = new List<string>();
        foreach (var type in typeof(Program).Assembly.GetTypes())
        {
            var constants = type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .Where(field => field is { IsLiteral: true, IsInitOnly: false } && field.FieldType == typeof(string))
                .ToDictionary(field => field.Name, field => (string)field.GetRawConstantValue()!);
            if (constants.TryGetValue("Section", out var section))
            {
                var bound = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(property => property.SetMethod?.IsPublic == true).ToList();
                keys.AddRange(bound.Count > 0 ? bound.Select(property => $"{section}:{property.Name}") : [$"{section}:"]);
            }
            if (constants.TryGetValue("ConnectionStringName", out var connectionString)) keys.Add($"ConnectionStrings:{connectionString}");
            keys.AddRange(constants.Where(constant => constant.Key.EndsWith("Setting", StringComparison.Ordinal)).Select(constant => constant.Value));
        }

        var source = Path.Combine(Repository.Root, "src", "Transfer.Api");
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
                     .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}Generated{Path.DirectorySeparatorChar}")
                                    && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                                    && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")))
            keys.AddRange(KeyRead().Matches(File.ReadAllText(file)).Select(read => read.Groups["key"].Value));

        keys.ShouldContain("ConnectionStrings:Transfer", "the configuration keys are found where the code keeps them");
        return keys.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex(@"^\|\s*`(?<method>GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) (?<path>/[^`\s?]*)`\s*\|", RegexOptions.Multiline)]
    private static partial Regex RouteRow();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex PathParameter();

    /// <summary>A configuration key read by its name written out: GetValue("Imports:MaxBytes", ...) or configuration["Section:Key"].</summary>
    [GeneratedRegex(@"(?:GetValue(?:<[^>]+>)?\(|\[)""(?<key>[A-Z][A-Za-z]+(?::[A-Z][A-Za-z]+)+)""")]
    private static partial Regex KeyRead();
}
