using JasperFx;
using JasperFx.CodeGeneration;
using Wolverine;

namespace Transfer.Api.Infrastructure;

/// <summary>
/// Wolverine serves the HTTP endpoints from code generated ahead of time: <c>Internal/Generated</c>,
/// written by <c>scripts/codegen.sh</c> (<c>codegen write</c>) and compiled into the assembly. Every
/// environment loads it statically and refuses to start when a route's generated type is missing, so
/// the API never compiles C# at run time.
/// </summary>
public static class WolverineSetup
{
    public static void AddTransferWolverine(this WebApplicationBuilder builder)
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
            // The API has no message handlers. Conventional discovery would take ASP.NET Core's own
            // *Handler classes (the authorization result handler, the exception handlers) for some.
            options.Discovery.DisableConventionalDiscovery();
        });
    }

    private static string? ProjectFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Transfer.Api.csproj"))) return folder.FullName;
        return null;
    }
}
