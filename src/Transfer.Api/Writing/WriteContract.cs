using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Transfer.Api.Writing;

/// <summary>
/// In the OpenAPI document, what every write promises (<see cref="Writes"/>): the Idempotency-Key it takes, the
/// conflict it may lose, the key reused; and on a workstream write that takes If-Match, the version it checks.
/// </summary>
internal sealed class WriteContract : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.HttpMethod is not ("POST" or "PUT")) return Task.CompletedTask;
        OperationContracts.AddHeaderParameter(operation, Writes.IdempotencyKeyHeader,
            $"Any printable ASCII without spaces, at most {Writes.MaxKeyLength} characters (a UUID will do). A repeat with the same key and " +
            "the same body returns the first answer and appends nothing; the same key with another body is 422.",
            new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Writes.MaxKeyLength, Pattern = "^[!-~]+$" });
        OperationContracts.AddProblem(operation, context, 409, "Another write to the same stream got in first (only a writer outside this API's locks can); " +
                                                               "nothing was appended. Try again after Retry-After seconds.", retryAfter: true);
        OperationContracts.AddProblem(operation, context, 422, "This Idempotency-Key was already used for a different request.");

        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<AcceptsIfMatchAttribute>().Any())
        {
            OperationContracts.AddHeaderParameter(operation, "If-Match",
                "The workstream's ETag as last read (e.g. \"3\"): the write is made only if the workstream is still at that version, else 412 and nothing is appended.",
                new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^(\\*|\"\\d+\")$" });
            OperationContracts.AddProblem(operation, context, 412, "If-Match names a version that is no longer current, or is not an ETag of this API.");
            foreach (var response in (operation.Responses ?? []).Where(response => response.Key.StartsWith('2')).Select(response => response.Value).OfType<OpenApiResponse>())
                OperationContracts.AddHeader(response, "ETag", "The workstream's new version, to send as If-Match on the next write.");
        }
        OperationContracts.AddProblem(operation, context, 412, "If-Match is not an ETag of this API (such as \"3\").");
        return Task.CompletedTask;
    }
}
