using Marten;

namespace Transfer.Api.Writing;

/// <summary>The one way every write goes: its stream's lock, its Idempotency-Key's stored answer, who and when, one transaction.</summary>
public static class WritingSetup
{
    public static IServiceCollection AddWriting(this IServiceCollection services)
    {
        services.AddSingleton<Writes>();
        services.ConfigureMarten(options => options.Schema.For<IdempotencyRecord>());
        services.AddOperationContract<WriteContract>();
        return services;
    }
}
