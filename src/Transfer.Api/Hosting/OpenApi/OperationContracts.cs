using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Transfer.Api.Hosting.OpenApi;

/// <summary>
/// Completes each operation with what the contract promises and the endpoint's own declarations cannot say:
/// the role it needs, every status it may answer with a problem-details body, the headers it sends, and what
/// its parameters accept. Routes declare their own refusals, headers and parameters with the attributes in
/// ContractAttributes.cs and ParameterDescriptions.cs; the rules every route shares live here, once. What a
/// room adds to every route of its kind (the writes' Idempotency-Key, a national reader's ?county=) it adds with
/// an operation transformer of its own, registered with <see cref="OpenApiSetup.AddOperationContract{T}"/>.
/// </summary>
public sealed class OperationContracts : IOpenApiOperationTransformer
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

        if (isWrite)
            AddProblem(operation, context, 413, $"The body is over the size limit ({RequestBodyLimit.Bytes / 1024 / 1024} MiB).");

        foreach (var header in metadata.OfType<SendsHeaderAttribute>())
            foreach (var response in success)
                AddHeader(response, header.Name, header.Description);

        if (metadata.OfType<ExportsAttribute>().FirstOrDefault() is { } exports)
            foreach (var response in success)
            {
                response.Content ??= new Dictionary<string, OpenApiMediaType>();
                if (exports.Csv)
                    response.Content[MediaTypes.Csv] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                response.Content[MediaTypes.Xlsx] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
            }

        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
            AddProblem(operation, context, 429, $"{RequestLimits.ConcurrentExpensiveRuns} of these already run; try again after Retry-After seconds.", retryAfter: true);
        AddProblem(operation, context, 503, context.Description.HttpMethod is "GET" or "HEAD"
            ? "The database cannot be reached, or the server is at capacity. Try again after Retry-After seconds."
            : "The database cannot be reached, or the server is at capacity; the write may or may not have been recorded. Sending it again with the same Idempotency-Key after Retry-After seconds is safe.", retryAfter: true);

        var described = metadata.OfType<DescribesParametersAttribute>().SelectMany(route => route.Parameters)
            .Concat(metadata.OfType<ExportsAttribute>().Take(1).SelectMany(FileParameters)).ToList();
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (described.FirstOrDefault(text => text.Name == parameter.Name) is { } text)
            {
                parameter.Description = text.Description;
                if (text.Schema is not null) parameter.Schema = text.Schema;
            }
            else if (parameter is { In: ParameterLocation.Path, Name: "id" })
            {
                parameter.Schema = ParameterSchemas.Id();
                parameter.Description = "The id the PMO chose when registering it.";
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>How a read that also answers as a file is asked for one.</summary>
    private static IEnumerable<ParameterText> FileParameters(ExportsAttribute exports) =>
    [
        new("format", exports.Csv
                ? "json (the default), csv (also Accept: text/csv) or xlsx (also Accept: the .xlsx media type)."
                : "json (the default) or xlsx, a workbook of the same rows (also Accept: the .xlsx media type).",
            ParameterSchemas.OneOf(exports.Csv ? ["json", "csv", "xlsx"] : ["json", "xlsx"])),
        new("delimiter", "For CSV: comma (the default) or semicolon, which Finnish Excel opens by double-click.", ParameterSchemas.OneOf(["comma", "semicolon"])),
    ];

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

    public static void AddProblem(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description, bool retryAfter = false)
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

    public static void AddHeader(OpenApiResponse response, string name, string description, JsonSchemaType type = JsonSchemaType.String)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } };
    }

    public static void AddHeaderParameter(OpenApiOperation operation, string name, string description, OpenApiSchema schema)
    {
        operation.Parameters ??= new List<IOpenApiParameter>();
        operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Header, Description = description, Schema = schema });
    }

    private static string Sentence(string? text, string sentence) => string.IsNullOrWhiteSpace(text) ? sentence : $"{text.TrimEnd()}\n\n{sentence}";
}
