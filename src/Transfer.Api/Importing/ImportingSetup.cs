using Marten;

namespace Transfer.Api.Importing;

/// <summary>The PMO's spreadsheets of events, read into the single routes' commands and decided by the same write loop.</summary>
public static class ImportingSetup
{
    public static IServiceCollection AddImporting(this IServiceCollection services)
    {
        services.AddSingleton<Importer>();
        services.ConfigureMarten(options =>
        {
            options.Schema.For<ImportRecord>();
            options.Schema.For<ImportKeyRecord>();
        });
        return services;
    }
}
