using Marten;
using Npgsql;

namespace Transfer.Api.Counties;

/// <summary>
/// Tenancy: each wellbeing county an installation serves is a Marten tenant, in the main database beside others or
/// in one of its own; every request acts in one county, decided once (<see cref="CountyResolution"/>).
/// </summary>
public static class CountiesSetup
{
    public static IServiceCollection AddCounties(this IServiceCollection services)
    {
        services.AddSingleton(provider => CountyCatalog.From(provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton<CountyStores>();
        // First of the rooms' store settings: every document a room adds after it is the county's own.
        services.ConfigureMarten((provider, options) => UseCountyDatabases(options, provider.GetRequiredService<CountyCatalog>(),
            provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<IConfiguration>()));
        services.AddHealthChecks().AddCheck<CountyDatabasesHealthCheck>("database", tags: [HealthRoutes.Ready]);
        services.AddOperationContract<CountyParameterContract>();
        return services;
    }

    /// <summary>Refuses a request that names no county it may act in, before any endpoint runs.</summary>
    public static WebApplication UseCounties(this WebApplication app)
    {
        app.UseCountyResolution();
        return app;
    }

    /// <summary>Tells Wolverine's endpoints the county's tenant, so the sessions they are given are that county's.</summary>
    public static void DetectCounty(this WolverineHttpOptions options) => options.TenantId.DetectWith(new CountyResolution.TenantDetection());

    /// <summary>
    /// Each county is a Marten tenant (conjoined: every document and event row carries its tenant_id),
    /// so the same ids in two counties are two things. Where several counties are served, those without a
    /// connection string of their own share the main database and the others each have theirs; where one
    /// is served, it is Marten's default tenant in the main database.
    /// </summary>
    private static void UseCountyDatabases(StoreOptions options, CountyCatalog counties, NpgsqlDataSource main, IConfiguration configuration)
    {
        options.Policies.AllDocumentsAreMultiTenanted();
        options.Events.TenancyStyle = JasperFx.MultiTenancy.TenancyStyle.Conjoined;
        if (!counties.ServesSeveral)
        {
            // One county: the main database, or the county's own where it names one.
            if (counties.Only.ConnectionString is { } own) options.Connection(EventStoreSetup.WithSessionLimits(own));
            else options.Connection(main);
            return;
        }
        var mainConnectionString = EventStoreSetup.WithSessionLimits(configuration.GetConnectionString(EventStoreSetup.ConnectionStringName)!);
        options.MultiTenantedDatabases(databases =>
        {
            var shared = counties.All.Where(county => county.ConnectionString is null).Select(county => county.TenantId).ToArray();
            if (shared.Length > 0)
                databases.AddMultipleTenantDatabase(mainConnectionString, "main").ForTenants(shared);
            foreach (var county in counties.All.Where(county => county.ConnectionString is not null))
                databases.AddSingleTenantDatabase(EventStoreSetup.WithSessionLimits(county.ConnectionString!), county.TenantId);
        });
    }
}
