using Marten;

namespace Transfer.Api.Verification;

/// <summary>
/// The check that nothing was altered: the hash chain the async daemon extends over every county's events, and the
/// verify that walks it again and replays the views. Not ready while the chain is stalled.
/// </summary>
public static class VerificationSetup
{
    public static IServiceCollection AddVerification(this IServiceCollection services)
    {
        services.ConfigureMarten(options => options.Schema.For<AuditChainLink>());
        services.AddEventSubscription<AuditChainSubscription>();
        services.AddSingleton<AuditVerifier>();
        services.AddHealthChecks().AddCheck<AuditChainHealthCheck>("audit-chain", tags: [HealthRoutes.Ready]);
        return services;
    }
}
