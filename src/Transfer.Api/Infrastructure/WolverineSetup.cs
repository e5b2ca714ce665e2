using JasperFx;
using JasperFx.CodeGeneration;
using Wolverine;

namespace Transfer.Api.Infrastructure;

/// <summary>
/// Wolverine serves the HTTP endpoints from code generated ahead of time: <c>Internal/Generated</c>,
/// written by <c>scripts/codegen.sh</c> (<c>codegen write</c>) and compiled into the assembly. Every
/// environment loads it statically and refuses to start when a route's generated type is missing, so
/// the API never compiles C# at run time. Its messages are the subscriptions' (webhook deliveries and the
/// morning look), kept in PostgreSQL by Wolverine's durable inbox and outbox.
/// </summary>
public static class WolverineSetup
{
    public const string WebhookQueue = "webhooks";

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
        // Read from the host's final configuration (tests and operators override it after this code runs).
        builder.Services.AddSingleton(provider => Subscriptions.WebhookSettings.From(provider.GetRequiredService<IConfiguration>()));
        builder.Host.UseWolverine(options =>
        {
            // The handlers are named here. Conventional discovery would take ASP.NET Core's own *Handler classes
            // (the authorization result handler, the exception handlers) for some.
            options.Discovery.DisableConventionalDiscovery();
            options.Discovery.IncludeType(typeof(Subscriptions.WebhookDelivery));
            options.Discovery.IncludeType(typeof(Subscriptions.MorningLookHandler));
            options.Discovery.IncludeType(typeof(Audit.Evidence.MakeCheckpointsHandler));

            // Webhook deliveries: kept in the database from the transaction that told them until a receiver takes them;
            // at most ten at once per node, so that slow receivers cannot take every thread.
            options.LocalQueue(WebhookQueue).UseDurableInbox().MaximumParallelMessages(10);
            options.PublishMessage<Subscriptions.DeliverNotification>().ToLocalQueue(WebhookQueue);
            options.Policies.Add(new Subscriptions.WebhookRetryPolicy());
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
