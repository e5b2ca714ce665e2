namespace Transfer.Api.History;

/// <summary>The recorded history as it was posted: a workstream's, and the whole event log with its exports.</summary>
public static class HistorySetup
{
    public static IServiceCollection AddHistory(this IServiceCollection services) => services.AddSingleton<AuditLog>();
}
