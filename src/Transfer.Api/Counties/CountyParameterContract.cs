using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Transfer.Api.Security;
using Transfer.Domain.Common;

namespace Transfer.Api.Counties;

/// <summary>In the OpenAPI document: a route the national role reads acts in the county its ?county= names (<see cref="CountyResolution"/>).</summary>
internal sealed class CountyParameterContract : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var roles = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(data => data.Roles).FirstOrDefault(text => text is not null);
        var path = "/" + context.Description.RelativePath;
        if (roles?.Split(',').Contains(Roles.National) != true || CountyResolution.CountyFreePaths.Any(free => path.StartsWith(free, StringComparison.Ordinal)))
            return Task.CompletedTask;
        operation.Parameters ??= new List<IOpenApiParameter>();
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = CountyResolution.QueryParameter,
            In = ParameterLocation.Query,
            Description = "For the national role only: the county to read (required where several are served). Other tokens act in their own county.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = EntityId.RegularExpression },
        });
        OperationContracts.AddProblem(operation, context, 400, "A query parameter is malformed, or a national token names no county; `errors` names each one.");
        OperationContracts.AddProblem(operation, context, 404, "No such county (the ?county= of a national token).");
        return Task.CompletedTask;
    }
}
