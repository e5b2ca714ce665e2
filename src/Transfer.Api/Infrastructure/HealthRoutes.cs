using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Transfer.Api.Infrastructure;

/// <summary>
/// ASP.NET Core's health checks at the addresses orchestrators expect, without a token:
/// <c>/health/live</c> (the process answers; restart it if not), <c>/health/ready</c> (the database can
/// be reached and the async daemon keeps the audit chain up; send it traffic if so), and <c>/health</c>,
/// every check, as before.
/// </summary>
public static class HealthRoutes
{
    public const string Ready = "ready";

    public static WebApplication MapHealthRoutes(this WebApplication app)
    {
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) }).AllowAnonymous();
        return app;
    }
}
