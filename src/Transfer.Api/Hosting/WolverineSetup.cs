using JasperFx;
using JasperFx.CodeGeneration;
using Wolverine;

namespace Transfer.Api.Hosting;

/// <summary>
/// Wolverine serves the HTTP endpoints from code generated ahead of time: <c>Internal/Generated</c>,
/// written by <c>scripts/codegen.sh</c> (<c>codegen write</c>) and compiled into the assembly. Every
/// environment loads it statically and refuses to start when a route's generated type is missing, so
/// the API never compiles C# at run time. Its messages (webhook deliveries, the morning look, checkpoints) are
/// kept in PostgreSQL by Wolverine's durable inbox and outbox; each room names its handlers, queues and
/// policies with <c>services.ConfigureWolverine</c>.
/// </summary>
public static class WolverineSetup
{
    public static void AddMessaging(this WebApplicationBuilder builder)
    {
        builder.Services.CritterStackDefaults(defaults =>
        {
            foreach (var profile in new[] { defaults.Development, defaults.Production })
            {
                profile.GeneratedCodeMode = TypeLoadMode.Static;
                profile.AssertAllPreGeneratedTypesExist = true;
            }
            // `codegen write` runs from a source checkout: write into the project, not beside the built assembly.
            if (ProjectFolder() is { } project)
                defaults.GeneratedCodeOutputPath = Path.Combine(project, "Internal", "Generated");
        });
        builder.Host.UseWolverine(options =>
        {
            // Each room names its handlers. Conventional discovery would take ASP.NET Core's own *Handler classes
            // (the authorization result handler, the exception handlers) for some.
            options.Discovery.DisableConventionalDiscovery();
            options.Policies.UseDurableLocalQueues();
        });
    }

    private static string? ProjectFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Transfer.Api.csproj"))) return folder.FullName;
        return null;
    }
}
