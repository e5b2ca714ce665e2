using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Transfer.Api.Boards;
using Transfer.Domain.Common;

namespace Transfer.Api.Infrastructure.OpenApi;

/// <summary>
/// Completes each operation with what API.md promises and the endpoint's own declarations cannot say:
/// the role it needs, every status it may answer with a problem-details body, the headers it reads and
/// sends, and what its query parameters accept. Routes declare their own refusals and headers with the
/// attributes in ContractAttributes.cs; the rules every route shares live here, once.
/// </summary>
internal sealed class OperationContracts : IOpenApiOperationTransformer
{
    public const string ProblemJson = "application/problem+json";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var method = context.Description.HttpMethod ?? "GET";
        var isWrite = method is "POST" or "PUT";

        // Wolverine stands in "POST_api_..." for a description the route does not give.
        if (context.Description.ActionDescriptor is WolverineActionDescriptor { Chain: var chain })
            operation.Description = chain.EndpointDescription;
        operation.Responses ??= new OpenApiResponses();
        KeepOnlyDeclaredSuccesses(operation, metadata);
        var success = operation.Responses.Where(response => response.Key.StartsWith('2')).Select(response => response.Value).OfType<OpenApiResponse>().ToList();

        var roles = metadata.OfType<IAuthorizeData>().Select(data => data.Roles).FirstOrDefault(text => text is not null);
        if (roles is not null)
        {
            var names = roles.Split(',');
            operation.Description = Sentence(operation.Description,
                names.Length == 1 ? $"Needs the role `{names[0]}`." : $"Needs one of the roles {string.Join(", ", names.Select(name => $"`{name}`"))}.");
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-roles"] = new JsonNodeExtension(new JsonArray(names.Select(name => (JsonNode)JsonValue.Create(name)).ToArray()));
            AddProblem(operation, context, 401, "No token, or a token that is expired or not signed by this installation.");
            AddProblem(operation, context, 403, $"The token's roles do not include {(names.Length == 1 ? names[0] : "any of " + string.Join(", ", names))}, " +
                "or, where several counties are served, it names no county (or one not served here).");
        }

        foreach (var status in metadata.OfType<RefusesAttribute>().SelectMany(refuses => refuses.Statuses))
            AddProblem(operation, context, status, Refusal(status, isWrite), retryAfter: status == 409 && isWrite);

        // A route the national role reads acts in the county its ?county= names (CountyResolution).
        var path = "/" + context.Description.RelativePath;
        if (roles?.Split(',').Contains(Roles.National) == true && !path.StartsWith("/api/counties") && !path.StartsWith("/api/national"))
        {
            operation.Parameters ??= new List<IOpenApiParameter>();
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = CountyResolution.QueryParameter,
                In = ParameterLocation.Query,
                Description = "For the national role only: the county to read (required where several are served). Other tokens act in their own county.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = EntityId.RegularExpression },
            });
            AddProblem(operation, context, 400, "A query parameter is malformed, or a national token names no county; `errors` names each one.");
            AddProblem(operation, context, 404, "No such county (the ?county= of a national token).");
        }

        if (isWrite)
        {
            AddHeaderParameter(operation, Writes.IdempotencyKeyHeader,
                $"Any printable ASCII without spaces, at most {Writes.MaxKeyLength} characters (a UUID will do). A repeat with the same key and " +
                "the same body returns the first answer and appends nothing; the same key with another body is 422.",
                new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Writes.MaxKeyLength, Pattern = "^[!-~]+$" });
            AddProblem(operation, context, 409, "Another write to the same stream got in first (only a writer outside this API's locks can); " +
                                                "nothing was appended. Try again after Retry-After seconds.", retryAfter: true);
            AddProblem(operation, context, 413, $"The body is over the size limit ({RequestBodyLimit.Bytes / 1024 / 1024} MiB).");
            AddProblem(operation, context, 422, "This Idempotency-Key was already used for a different request.");
        }

        if (metadata.OfType<AcceptsIfMatchAttribute>().Any())
        {
            AddHeaderParameter(operation, "If-Match",
                "The workstream's ETag as last read (e.g. \"3\"): the write is made only if the workstream is still at that version, else 412 and nothing is appended.",
                new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^(\\*|\"\\d+\")$" });
            AddProblem(operation, context, 412, "If-Match names a version that is no longer current, or is not an ETag of this API.");
            foreach (var response in success)
                AddHeader(response, "ETag", "The workstream's new version, to send as If-Match on the next write.");
        }

        if (isWrite)
            AddProblem(operation, context, 412, "If-Match is not an ETag of this API (such as \"3\").");

        foreach (var header in metadata.OfType<SendsHeaderAttribute>())
            foreach (var response in success)
                AddHeader(response, header.Name, header.Description);

        if (metadata.OfType<ExportsAttribute>().FirstOrDefault() is { } exports)
            foreach (var response in success)
            {
                response.Content ??= new Dictionary<string, OpenApiMediaType>();
                if (exports.Csv)
                    response.Content["text/csv"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                response.Content[BoardWorkbook.ContentType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
            }

        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
            AddProblem(operation, context, 429, $"{RequestLimits.ConcurrentExpensiveRuns} of these already run; try again after Retry-After seconds.", retryAfter: true);
        AddProblem(operation, context, 503, "The database cannot be reached, or the server is at capacity; nothing was recorded. Try again after Retry-After seconds.", retryAfter: true);

        if (operation.Parameters is not null)
            foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>().Where(parameter => parameter.In == ParameterLocation.Query))
                QueryParameters.Describe(parameter, path, exports: metadata.OfType<ExportsAttribute>().FirstOrDefault());
        if (operation.Parameters is not null)
            foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>().Where(parameter => parameter.In == ParameterLocation.Path && parameter.Name == "import"))
            {
                // On the POST the path names a kind of import: its values listed, so that a client (the dashboard too) reads them here.
                parameter.Schema = method == "POST"
                    ? new OpenApiSchema { Type = JsonSchemaType.String, Enum = Imports.ImportKind.All.Select(kind => (JsonNode)JsonValue.Create(kind.Name)).ToList() }
                    : new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[a-z0-9-]{1,64}$" };
                parameter.Description = method == "POST"
                    ? $"The kind of events the file holds: {string.Join(", ", Imports.ImportKind.All.Select(kind => kind.Name))}."
                    : "The import's id, as its answer gave it.";
            }
        if (operation.Parameters is not null)
            foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>().Where(parameter => parameter.In == ParameterLocation.Path && parameter.Name == "id"))
            {
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = EntityId.RegularExpression };
                parameter.Description = "The id the PMO chose when registering it.";
            }

        var sorted = operation.Responses.OrderBy(response => response.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (status, response) in sorted) operation.Responses[status] = response;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Wolverine documents a 200 of type IResult and a 404 for every endpoint that returns IResult; the
    /// successes a route really answers are the ones it declares with [ProducesResponseType].
    /// </summary>
    private static void KeepOnlyDeclaredSuccesses(OpenApiOperation operation, IList<object> metadata)
    {
        var declared = metadata.OfType<ProducesResponseTypeAttribute>().Select(produces => produces.StatusCode.ToString()).ToHashSet();
        if (declared.Count == 0) declared.Add("200");
        foreach (var status in operation.Responses!.Keys.Where(status => !declared.Contains(status)).ToList())
            operation.Responses.Remove(status);
    }

    private static string Refusal(int status, bool isWrite) => status switch
    {
        400 => isWrite
            ? "A field is missing or malformed, a referenced id does not exist, or the body is not JSON of the request's shape; `errors` names each field."
            : "A query parameter is malformed; `errors` names each one.",
        404 => "No such workstream, organisation or working group (the id in the route), or no such county (a national token's ?county=).",
        409 => "Refused as it stands: it already exists, or the item is already counted, or not counted (`detail` says which); or, " +
               "rarely, another write to the same stream got in first (then with Retry-After, and nothing was appended).",
        _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
    };

    private static void AddProblem(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description, bool retryAfter = false)
    {
        var key = status.ToString();
        if (operation.Responses!.ContainsKey(key)) return;
        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemJson] = new() { Schema = new OpenApiSchemaReference(status == 400 ? ProblemSchemas.Validation : ProblemSchemas.Problem, context.Document) },
            },
        };
        if (retryAfter) AddHeader(response, "Retry-After", "Seconds to wait before trying again.", JsonSchemaType.Integer);
        operation.Responses[key] = response;
    }

    private static void AddHeader(OpenApiResponse response, string name, string description, JsonSchemaType type = JsonSchemaType.String)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } };
    }

    private static void AddHeaderParameter(OpenApiOperation operation, string name, string description, OpenApiSchema schema)
    {
        operation.Parameters ??= new List<IOpenApiParameter>();
        operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Header, Description = description, Schema = schema });
    }

    private static string Sentence(string? text, string sentence) => string.IsNullOrWhiteSpace(text) ? sentence : $"{text.TrimEnd()}\n\n{sentence}";
}
