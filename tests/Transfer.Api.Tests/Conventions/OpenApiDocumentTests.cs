using System.Diagnostics;
using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NJsonSchema.CodeGeneration.CSharp;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Conventions;

/// <summary>
/// The OpenAPI document states the contract: it passes Redocly's recommended rules, a client generated
/// from it works, and what it says each request requires and accepts is what the API enforces.
/// </summary>
public sealed class OpenApiDocumentTests(TransferAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task The_document_passes_Redocly_lint_with_the_recommended_rules_without_an_error_or_a_warning()
    {
        var redocly = Path.Combine(Repository.Root, "tests", "openapi", "node_modules", ".bin", "redocly");
        File.Exists(redocly).ShouldBeTrue($"{redocly} is missing: scripts/test.sh installs it (npm ci in tests/openapi)");
        var document = Path.Combine(Path.GetTempPath(), $"transfer-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, await Document());
        try
        {
            var lint = new ProcessStartInfo(redocly) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "lint", document, "--format=json" }) lint.ArgumentList.Add(argument);
            using var process = Process.Start(lint)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();

            var report = JsonDocument.Parse(output).RootElement;
            var problems = report.GetProperty("problems").EnumerateArray()
                .Where(problem => !SignInNavigation(problem))
                .Select(problem => $"{problem.GetProperty("severity")} {problem.GetProperty("ruleId")}: {problem.GetProperty("message")} " +
                                   $"at {problem.GetProperty("location")[0].GetProperty("pointer")}").ToList();
            problems.ShouldBeEmpty();
            report.GetProperty("totals").GetProperty("errors").GetInt32().ShouldBe(0);
        }
        finally
        {
            File.Delete(document);
        }
    }

    /// <summary>
    /// The sign-in routes a browser navigates to succeed with a redirect, not a 2XX, and listing the providers cannot
    /// fail; Redocly's recommended rules expect both of every operation, so these warnings (and only these) are expected.
    /// </summary>
    private static bool SignInNavigation(JsonElement problem)
    {
        var rule = problem.GetProperty("ruleId").GetString();
        var pointer = problem.GetProperty("location")[0].GetProperty("pointer").GetString();
        return (rule, pointer) is ("operation-2xx-response", "#/paths/~1signin/get/responses" or "#/paths/~1signout/post/responses")
            or ("operation-4xx-response", "#/paths/~1signin~1providers/get/responses");
    }

    [Fact]
    public async Task A_client_generated_from_the_document_records_a_contract_and_reads_the_board_it_changed()
    {
        await GivenContractsWorkstream();
        (await Put("/api/workstreams/sopimukset/targets", new { occurredOn = "2021-09-01", targets = new[] { new { organisationId = "837", kind = "contract", expected = 1 } } }))
            .Status.ShouldBe(200);
        var generated = Compile(await GenerateClient());
        using var http = Host.Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PmoToken);
        dynamic client = Activator.CreateInstance(generated.GetType("Generated.TransferClient")!, http)!;

        dynamic before = await client.GetOrganisationStatusAsync(id: "837", asOf: new DateTimeOffset(2022, 2, 1, 0, 0, 0, TimeSpan.Zero));
        ((string)before.Rag.ToString()).ShouldBe("Red");

        dynamic contract = Activator.CreateInstance(generated.GetType("Generated.TransferContractRequest")!)!;
        contract.OrganisationId = "837";
        contract.ContractRef = "TAYS-2021-114";
        contract.Counterparty = "Mediq Suomi Oy";
        contract.OccurredOn = new DateTimeOffset(2022, 1, 28, 0, 0, 0, TimeSpan.Zero);
        dynamic recorded = await client.TransferContractAsync(id: "sopimukset", body: contract, idempotency_Key: "generated-client-1");
        ((long)recorded.Version).ShouldBe(3); // registered, targets set, this contract

        dynamic after = await client.GetOrganisationStatusAsync(id: "837", asOf: new DateTimeOffset(2022, 2, 1, 0, 0, 0, TimeSpan.Zero));
        ((string)after.Rag.ToString()).ShouldBe("Green");
        var history = await Get("/api/workstreams/sopimukset/history", AuditorToken);
        history.Json[2].GetProperty("data").GetProperty("occurredOn").GetString().ShouldBe("2022-01-28");
    }

    [Fact]
    public async Task Each_request_schema_requires_exactly_the_fields_the_API_refuses_to_go_without()
    {
        var document = JsonDocument.Parse(await Document()).RootElement;
        var writes = WriteOperations(document).ToList();
        writes.Count.ShouldBe(12);

        foreach (var (path, method, schema) in writes)
        {
            var required = schema.TryGetProperty("required", out var names) ? names.EnumerateArray().Select(name => name.GetString()!).ToHashSet() : [];
            var refused = await Send(new HttpMethod(method), path.Replace("{id}", "x"), new { }, PmoToken, []);
            refused.Status.ShouldBe(400, $"{method} {path}");
            var missing = refused.Json.GetProperty("errors").EnumerateObject()
                .Where(field => field.Value.EnumerateArray().Any(message => message.GetString() == "is required"))
                .Select(field => field.Name).ToHashSet();
            missing.ShouldBe(required, ignoreOrder: true, $"{method} {path}");
        }
    }

    [Fact]
    public async Task Each_enum_in_a_request_schema_lists_exactly_the_values_the_API_accepts()
    {
        var document = JsonDocument.Parse(await Document()).RootElement;
        var checkedFields = 0;
        foreach (var (path, method, schema) in WriteOperations(document))
            foreach (var property in schema.GetProperty("properties").EnumerateObject().Where(property => property.Value.TryGetProperty("enum", out _)))
            {
                var values = property.Value.GetProperty("enum").EnumerateArray().Select(value => value.GetString()).ToList();
                var refused = await Send(new HttpMethod(method), path.Replace("{id}", "x"),
                    new Dictionary<string, string> { [property.Name] = "no-such-value" }, PmoToken, []);
                refused.ErrorsFor(property.Name).ShouldBe([$"must be one of {string.Join(", ", values)}"], $"{method} {path} {property.Name}");
                checkedFields++;
            }
        // Organisation kind, category, dimension, rag, retraction kind, and a subscription's scope and trigger (a target's kind is nested,
        // and checked by PostingWorkstreamEventsTests).
        checkedFields.ShouldBe(7);
    }

    [Fact]
    public async Task A_query_parameter_shared_by_name_is_described_as_each_route_reads_it()
    {
        var paths = JsonDocument.Parse(await Document()).RootElement.GetProperty("paths");
        JsonElement Schema(string path, string name) => paths.GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(parameter => parameter.GetProperty("name").GetString() == name).GetProperty("schema");

        // Days for the charts and What changed; recorded instants for the event log and the evidence; a size for a proof.
        Schema("/api/portfolio/series", "from").GetProperty("format").GetString().ShouldBe("date");
        Schema("/api/workstreams/{id}/series", "to").GetProperty("format").GetString().ShouldBe("date");
        Schema("/api/changes", "from").GetProperty("format").GetString().ShouldBe("date");
        Schema("/api/audit/events", "from").GetProperty("format").GetString().ShouldBe("date-time");
        Schema("/api/audit/evidence", "to").GetProperty("format").GetString().ShouldBe("date-time");
        Schema("/api/audit/checkpoint", "at").GetProperty("format").GetString().ShouldBe("date-time");
        Schema("/api/audit/proofs/consistency", "from").GetProperty("type").GetRawText().ShouldContain("integer");
        Schema("/api/audit/proofs/inclusion", "index").GetProperty("type").GetRawText().ShouldContain("integer");
        Schema("/api/notifications", "limit").GetProperty("maximum").GetRawText().ShouldBe("200");
        Schema("/api/audit/events", "limit").GetProperty("maximum").GetRawText().ShouldBe("1000");
    }

    private async Task<string> Document() => (await Get("/openapi/v1.json", token: "")).Text;

    /// <summary>Every POST and PUT with a JSON body (an import's body is a file), with its request schema (the component it refers to).</summary>
    private static IEnumerable<(string Path, string Method, JsonElement Schema)> WriteOperations(JsonElement document)
    {
        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var path in document.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject().Where(operation => operation.Name is "post" or "put"
                         && operation.Value.TryGetProperty("requestBody", out var body) && body.GetProperty("content").TryGetProperty("application/json", out _)))
            {
                var reference = operation.Value.GetProperty("requestBody").GetProperty("content").GetProperty("application/json")
                    .GetProperty("schema").GetProperty("$ref").GetString()!;
                yield return (path.Name, operation.Name.ToUpperInvariant(), schemas.GetProperty(reference.Split('/')[^1]));
            }
    }

    private async Task<string> GenerateClient()
    {
        var document = await NSwag.OpenApiDocument.FromJsonAsync(await Document());
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "TransferClient",
            UseBaseUrl = false,
            GenerateOptionalParameters = true,
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
            CSharpGeneratorSettings = { Namespace = "Generated", JsonLibrary = CSharpJsonLibrary.SystemTextJson },
        };
        return new CSharpClientGenerator(document, settings).GenerateFile();
    }

    private static Assembly Compile(string code)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("Generated.TransferClient", [CSharpSyntaxTree.ParseText(code)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        result.Diagnostics.Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).Select(diagnostic => diagnostic.ToString()).ShouldBeEmpty();
        image.Position = 0;
        return new AssemblyLoadContext("generated-client", isCollectible: true).LoadFromStream(image);
    }
}
