using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Transfer.Api.Infrastructure;

public static class OpenApiSetup
{
    public static IServiceCollection AddTransferOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Transfer readiness tracker",
                Version = "v1",
                Description = "Workstream events of a transfer of responsibility, and the RAG boards derived from them. " +
                              "Send `Authorization: Bearer <token>`; writes need the role pmo.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] }];
            return Task.CompletedTask;
        }));

    /// <summary>The OpenAPI document at /openapi/v1.json and the Scalar reference at /scalar, in every environment.</summary>
    public static WebApplication MapTransferOpenApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(options => options.WithTitle("Transfer API")).AllowAnonymous();
        return app;
    }
}
