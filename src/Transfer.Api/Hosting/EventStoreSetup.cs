using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Subscriptions;
using Npgsql;
using Weasel.Core;
using Wolverine.Marten;

namespace Transfer.Api.Hosting;

public static class EventStoreSetup
{
    public const string ConnectionStringName = "Transfer";

    /// <summary>The PostgreSQL schema of the event store and every document: the one name the hand-written SQL uses.</summary>
    public const string Schema = "transfer";

    public const string NoConnectionString =
        $"No connection string: set ConnectionStrings:{ConnectionStringName} (ConnectionStrings__{ConnectionStringName} in the environment), or start the API with scripts/run.sh, which starts a local PostgreSQL.";

    /// <summary>
    /// The event store every room shares: its schema, JSON dialect, event metadata and append mode, the async daemon
    /// and Wolverine's integration. Which databases it spans (the counties) and what each room keeps in it (documents,
    /// projections, subscriptions) each room adds from its own folder with <c>services.ConfigureMarten</c>.
    /// </summary>
    public static IServiceCollection AddEventStore(this IServiceCollection services, IConfiguration configuration)
    {
        // One data source for Marten and the hand-written SQL, built when first needed, so that commands
        // needing no database (token) run without one configured.
        services.AddSingleton(provider => NpgsqlDataSource.Create(WithSessionLimits(
            provider.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionStringName) ?? throw new InvalidOperationException(NoConnectionString))));
        services.AddMarten(_ =>
            {
                var options = new StoreOptions();
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

                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                return options;
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            // The async daemon runs the rooms' subscriptions (the audit chain, the evidence tree, the alerts' looks);
            // HotCold elects one node to run them.
            .AddAsyncDaemon(JasperFx.Events.Daemon.DaemonMode.HotCold)
            // Wolverine keeps its own tables (nodes, the durable inbox and outbox) in one main database, however
            // many databases the counties live in: the database of ConnectionStrings:Transfer.
            .IntegrateWithWolverine(integration => integration.MainDatabaseConnectionString =
                configuration.GetConnectionString(ConnectionStringName) is { } main ? WithSessionLimits(main) : null);

        return services;
    }

    /// <summary>A subscription of the async daemon that takes services, as Marten's AddSubscriptionWithServices registers one, from the room that owns it.</summary>
    public static IServiceCollection AddEventSubscription<T>(this IServiceCollection services) where T : SubscriptionBase
    {
        services.AddSingleton<T>();
        return services.ConfigureMarten((provider, options) => options.Projections.Subscribe(provider.GetRequiredService<T>()));
    }

    /// <summary>
    /// Every session the API opens ends a transaction left idle for half a minute (a crashed or hung
    /// request must not hold locks) and checks every second, even mid-statement, that its client is
    /// still there, so the locks of a node that died go with it. Any Options already given are kept.
    /// </summary>
    public static string WithSessionLimits(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = $"{builder.Options} -c idle_in_transaction_session_timeout=30s -c client_connection_check_interval=1s".Trim();
        return builder.ConnectionString;
    }
}
