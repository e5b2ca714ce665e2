using JasperFx;
using JasperFx.Events;
using Marten;
using Npgsql;
using Transfer.Projections;
using Weasel.Core;
using Wolverine.Marten;

namespace Transfer.Api.Infrastructure;

public static class MartenSetup
{
    public const string ConnectionStringName = "Transfer";

    /// <summary>The PostgreSQL schema of the event store and every document: the one name the hand-written SQL uses.</summary>
    public const string Schema = "transfer";

    public const string NoConnectionString =
        $"No connection string: set ConnectionStrings:{ConnectionStringName} (ConnectionStrings__{ConnectionStringName} in the environment), or start the API with scripts/run.sh, which starts a local PostgreSQL.";

    public static IServiceCollection AddTransferMarten(this IServiceCollection services, IConfiguration configuration)
    {
        // One data source for Marten and the audit reader, built when first needed, so that commands
        // needing no database (token) run without one configured.
        services.AddSingleton(provider => NpgsqlDataSource.Create(WithSessionLimits(
            provider.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionStringName) ?? throw new InvalidOperationException(NoConnectionString))));
        services.AddSingleton(provider => Counties.CountyCatalog.From(provider.GetRequiredService<IConfiguration>()));
        services.AddMarten(provider =>
            {
                var options = new StoreOptions();
                UseCountyDatabases(options, provider.GetRequiredService<Counties.CountyCatalog>(), provider.GetRequiredService<NpgsqlDataSource>(),
                    provider.GetRequiredService<IConfiguration>());
                options.DatabaseSchemaName = Schema;
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, json =>
                {
                    // Marten's own enum converter writes "Municipality"; the API's dialect writes "municipality".
                    json.Converters.Clear();
                    TransferJson.Configure(json);
                });

                options.Events.StreamIdentity = StreamIdentity.AsString;
                // Quick append lets PostgreSQL assign versions and sequences in one call per stream instead
                // of Marten reading the stream first. The "server timestamps" variant stamps each event
                // from .NET's TimeProvider before it is appended, so inline projections see when it was
                // recorded (knownAt needs that); what it omits, sequence numbers inside inline projections,
                // no view uses.
                options.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
                // Correlation and causation ids, the recording user and headers: what auditors rely on.
                options.Events.MetadataConfig.EnableAll();
                options.Events.MetadataConfig.UserNameEnabled = true;
                // Needed with the upstream DistributedLock.Postgres (see README): the async daemon takes
                // its leadership lock inside a transaction instead of on a multiplexed session.
                options.Events.UseAdvisoryLockTransaction = true;

                // Known up front, so a rebuild or an audit replay can read every event, even one never appended since start.
                options.Events.AddEventTypes(Transfer.Domain.Common.EventTypes.All);
                options.Schema.For<IdempotencyRecord>();
                options.Schema.For<Imports.ImportRecord>();
                options.Schema.For<Imports.ImportKeyRecord>();
                options.Schema.For<Audit.AuditChainLink>();
                options.Storage.ExtendedSchemaObjects.Add(Audit.Evidence.AuditTreeTable.Define());
                options.Schema.For<Audit.Evidence.AuditCheckpoint>().Duplicate(checkpoint => checkpoint.Time);
                options.Schema.For<Audit.Evidence.CheckpointKey>();
                options.Schema.For<Subscriptions.Subscription>().Index(subscription => subscription.Owner);
                options.Schema.For<Subscriptions.Notification>().Index(notification => notification.Owner);
                options.AddTransferProjections();

                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                return options;
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            // The async daemon carries the audit chain; HotCold elects one node to run it.
            .AddAsyncDaemon(JasperFx.Events.Daemon.DaemonMode.HotCold)
            .AddSubscriptionWithServices<Audit.AuditChainSubscription>(ServiceLifetime.Singleton)
            .AddSubscriptionWithServices<Audit.Evidence.AuditTreeSubscription>(ServiceLifetime.Singleton)
            .AddSubscriptionWithServices<Subscriptions.SubscriptionLooks>(ServiceLifetime.Singleton)
            // Wolverine keeps its own tables (nodes, the durable inbox and outbox) in one main database, however
            // many databases the counties live in: the database of ConnectionStrings:Transfer.
            .IntegrateWithWolverine(integration => integration.MainDatabaseConnectionString =
                configuration.GetConnectionString(ConnectionStringName) is { } main ? WithSessionLimits(main) : null);

        return services;
    }

    /// <summary>
    /// Each county is a Marten tenant (conjoined: every document and event row carries its tenant_id),
    /// so the same ids in two counties are two things. Where several counties are served, those without a
    /// connection string of their own share the main database and the others each have theirs; where one
    /// is served, it is Marten's default tenant in the main database.
    /// </summary>
    private static void UseCountyDatabases(StoreOptions options, Counties.CountyCatalog counties, NpgsqlDataSource main, IConfiguration configuration)
    {
        options.Policies.AllDocumentsAreMultiTenanted();
        options.Events.TenancyStyle = JasperFx.MultiTenancy.TenancyStyle.Conjoined;
        if (!counties.ServesSeveral)
        {
            // One county: the main database, or the county's own where it names one.
            if (counties.Only.ConnectionString is { } own) options.Connection(WithSessionLimits(own));
            else options.Connection(main);
            return;
        }
        var mainConnectionString = WithSessionLimits(configuration.GetConnectionString(ConnectionStringName)!);
        options.MultiTenantedDatabases(databases =>
        {
            var shared = counties.All.Where(county => county.ConnectionString is null).Select(county => county.TenantId).ToArray();
            if (shared.Length > 0)
                databases.AddMultipleTenantDatabase(mainConnectionString, "main").ForTenants(shared);
            foreach (var county in counties.All.Where(county => county.ConnectionString is not null))
                databases.AddSingleTenantDatabase(WithSessionLimits(county.ConnectionString!), county.TenantId);
        });
    }

    /// <summary>
    /// Every session the API opens ends a transaction left idle for half a minute (a crashed or hung
    /// request must not hold locks) and checks every second, even mid-statement, that its client is
    /// still there, so the locks of a node that died go with it. Any Options already given are kept.
    /// </summary>
    private static string WithSessionLimits(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = $"{builder.Options} -c idle_in_transaction_session_timeout=30s -c client_connection_check_interval=1s".Trim();
        return builder.ConnectionString;
    }
}
