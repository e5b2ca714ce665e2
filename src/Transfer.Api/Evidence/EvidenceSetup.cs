using Marten;
using Wolverine;

namespace Transfer.Api.Evidence;

/// <summary>
/// Evidence an auditor verifies offline: each county's events in a Merkle tree grown by the async daemon, signed
/// checkpoints made on a schedule (a Wolverine message that schedules the next), proofs, and the bundle.
/// </summary>
public static class EvidenceSetup
{
    public static IServiceCollection AddEvidence(this IServiceCollection services)
    {
        services.ConfigureMarten(options =>
        {
            options.Storage.ExtendedSchemaObjects.Add(AuditTreeTable.Define());
            options.Schema.For<AuditCheckpoint>().Duplicate(checkpoint => checkpoint.Time);
            options.Schema.For<CheckpointKey>();
        });
        services.AddEventSubscription<AuditTreeSubscription>();
        services.AddSingleton(provider => CheckpointSettings.From(provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton<CheckpointSigner>();
        services.AddSingleton<AuditTree>();
        services.AddSingleton<Checkpoints>();
        services.AddSingleton<EvidenceBundle>();
        services.AddSingleton<CheckpointSchedule>();
        services.AddHostedService(provider => provider.GetRequiredService<CheckpointSchedule>());
        services.ConfigureWolverine(options => options.Discovery.IncludeType(typeof(MakeCheckpointsHandler)));
        return services;
    }
}
