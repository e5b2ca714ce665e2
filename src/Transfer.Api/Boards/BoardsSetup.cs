using Marten;
using Transfer.Projections;

namespace Transfer.Api.Boards;

/// <summary>The read side: the projections the boards are answered from, and the change stream that tells open dashboards to read again.</summary>
public static class BoardsSetup
{
    public static IServiceCollection AddBoards(this IServiceCollection services)
    {
        services.ConfigureMarten(options => options.AddTransferProjections());
        services.AddSingleton<BoardChanges>();
        services.AddHostedService(provider => provider.GetRequiredService<BoardChanges>());
        return services;
    }
}
