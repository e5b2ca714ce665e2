using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Transfer.Api.Infrastructure;

/// <summary>The API can serve when it can reach its event store.</summary>
public sealed class DatabaseHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var session = store.QuerySession();
            await session.Events.FetchStreamStateAsync("health-probe", cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.", e);
        }
    }
}
