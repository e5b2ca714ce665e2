using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Transfer.Api.Hosting;

/// <summary>
/// ASP.NET Core's health checks at the addresses orchestrators expect, without a token:
/// <c>/health/live</c> (the process answers; restart it if not), <c>/health/ready</c> (the database can
/// be reached and the audit chain is not stalled; 503 otherwise), and <c>/health</c>, every check, as
/// before (a stalled chain is 200 "Degraded" there).
/// </summary>
public static class HealthRoutes
{
    /// <summary>The tag of the health checks' checks that decide readiness; a room adds its own check with it.</summary>
    public const string Ready = "ready";

    /// <summary>The section of the OpenAPI document the health routes are in.</summary>
    public const string Tag = "Operations";

    public static WebApplication MapHealthRoutes(this WebApplication app)
    {
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        // Not ready while the chain is stalled (API.md): degraded is 503 here, though /health answers it with 200.
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Ready),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();
        return app;
    }
}
