using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Transfer.Api.Hosting.OpenApi;

public static class OpenApiSetup
{
    private const string DocumentName = "v1";

    /// <summary>The OpenAPI document, its sections (<paramref name="tags"/>, in this order) and what every route shares.</summary>
    public static IServiceCollection AddOpenApiDocument(this IServiceCollection services, IReadOnlyList<(string Name, string Description)> tags) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddSchemaTransformer<RequestFieldSchemas>();
            options.AddOperationTransformer<OperationContracts>();
            options.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document, tags);
                ProblemSchemas.Add(document);
                HealthPaths.Add(document);
                SortResponses(document);
                return Task.CompletedTask;
            });
        });

    /// <summary>
    /// A room's own additions to the operations of its kind (it runs after the rules every route shares), so that
    /// what a write or a county-scoped read promises is said where that room lives.
    /// </summary>
    public static IServiceCollection AddOperationContract<T>(this IServiceCollection services) where T : class, IOpenApiOperationTransformer =>
        services.Configure<OpenApiOptions>(DocumentName, options => options.AddOperationTransformer<T>());

    /// <summary>Each operation's answers in the order of their status codes, however many transformers added them.</summary>
    private static void SortResponses(OpenApiDocument document)
    {
        foreach (var operation in (document.Paths ?? []).Values.SelectMany(path => path.Operations ?? []).Select(entry => entry.Value))
        {
            if (operation.Responses is not { } responses) continue;
            var sorted = responses.OrderBy(response => response.Key, StringComparer.Ordinal).ToList();
            responses.Clear();
            foreach (var (status, response) in sorted) responses[status] = response;
        }
    }

    private static void Describe(OpenApiDocument document, IReadOnlyList<(string Name, string Description)> tags)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Transfer readiness tracker",
            Version = "v1",
            Description = "Workstream events of a transfer of responsibility (the wellbeing services counties' reform), and the " +
                          "RAG boards derived from them. Every request but the health checks sends `Authorization: Bearer <token>`; " +
                          "each operation names the roles it needs. Errors are RFC 9457 problem details. Dates are YYYY-MM-DD, " +
                          "instants ISO 8601 with their offset.",
            License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-Proprietary" },
        };
        document.Tags = new HashSet<OpenApiTag>(tags.Select(tag => new OpenApiTag { Name = tag.Name, Description = tag.Description }));
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT with a role claim (pmo, chair or auditor; several allowed) and a sub or name, recorded as recordedBy. " +
                          "`dotnet run --project src/Transfer.Api -- token --role pmo --name \"PMO\"` mints a development one.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] }];
        // Wolverine's IResult placeholder, no longer referenced once each route states its own successes.
        document.Components.Schemas?.Remove("IResult");
        // Relative, so that the document, saved and handed to a client generator, serves wherever the API runs.
        document.Servers = [new OpenApiServer { Url = "/", Description = "This installation: the address the document was fetched from." }];
    }

    /// <summary>The OpenAPI document at /openapi/v1.json and the Scalar reference at /scalar, in every environment.</summary>
    public static WebApplication MapOpenApiDocument(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(options => options.WithTitle("Transfer API")).AllowAnonymous();
        return app;
    }
}

/// <summary>The two shapes of problem details the API sends (ProblemShape makes every one of them so).</summary>
internal static class ProblemSchemas
{
    public const string Problem = "ProblemDetails";
    public const string Validation = "ValidationProblemDetails";

    public static void Add(OpenApiDocument document)
    {
        document.Components!.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[Problem] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 problem details. There is no type: the status and title say it all.",
            Required = new HashSet<string> { "title", "status" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong, in a few words." },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "The HTTP status code." },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What to do about it, in plain words." },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Names the request in the API's logs." },
            },
        };
        document.Components.Schemas[Validation] = new OpenApiSchema
        {
            Description = "A 400: every field at fault, by name (e.g. occurredOn, targets[2].expected, Idempotency-Key), with what it must be.",
            AllOf =
            [
                new OpenApiSchemaReference(Problem, document),
                new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "errors" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["errors"] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                        },
                    },
                    Examples = [JsonNode.Parse("""{"errors":{"occurredOn":["must be a date written YYYY-MM-DD"]}}""")!],
                },
            ],
        };
    }
}

/// <summary>
/// The health routes are ASP.NET Core's health checks, which the OpenAPI generator does not see; they
/// are described here as HealthRoutes maps them.
/// </summary>
internal static class HealthPaths
{
    public static void Add(OpenApiDocument document)
    {
        document.Paths ??= new OpenApiPaths();
        document.Paths["/health"] = Check("GetHealth", "Every health check", "Healthy or Degraded (the audit chain is behind) with 200; Unhealthy with 503.", ready: false);
        document.Paths["/health/live"] = Check("GetLiveness", "Whether the process answers", "200 Healthy while the API serves requests: restart it if not.", ready: false);
        document.Paths["/health/ready"] = Check("GetReadiness", "Whether the API can serve",
            "200 Healthy when the database answers and the audit chain is not stalled; 503 otherwise, so a load balancer sends requests elsewhere.", ready: true);
    }

    private static OpenApiPathItem Check(string operationId, string summary, string description, bool ready)
    {
        var text = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("Healthy"), JsonValue.Create("Degraded"), JsonValue.Create("Unhealthy")] } } };
        var responses = new OpenApiResponses { ["200"] = new OpenApiResponse { Description = "Healthy" + (ready ? "" : " (or Degraded, on /health)"), Content = text } };
        if (operationId != "GetLiveness")
            responses["503"] = new OpenApiResponse { Description = "Unhealthy" + (ready ? " or Degraded" : ""), Content = text };
        // Every route shares this one; no health check answers it itself.
        responses["400"] = new OpenApiResponse { Description = "A malformed request, which the server refuses before any check runs." };
        return new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    OperationId = operationId,
                    Summary = summary,
                    Description = description,
                    Tags = new HashSet<OpenApiTagReference> { new(HealthRoutes.Tag) },
                    Security = [],
                    Responses = responses,
                },
            },
        };
    }
}
