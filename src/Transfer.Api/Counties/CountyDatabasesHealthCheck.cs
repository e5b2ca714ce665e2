using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Transfer.Api.Counties;

/// <summary>The API can serve when it can reach its event store: every database a county lives in.</summary>
public sealed class CountyDatabasesHealthCheck(IDocumentStore store, CountyCatalog counties, CountyStores stores) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            foreach (var county in counties.All.DistinctBy(stores.Database))
            {
                await using var session = store.QuerySession(county.TenantId);
                await session.Events.FetchStreamStateAsync("health-probe", cancellationToken);
            }
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.", e);
        }
    }
}
