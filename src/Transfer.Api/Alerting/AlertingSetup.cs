using Marten;
using Wolverine;

namespace Transfer.Api.Alerting;

/// <summary>
/// Subscriptions and notifications: a county's subscriptions looked at after its new events (an async-daemon
/// subscription) and each morning (a Wolverine scheduled message), webhooks delivered through Wolverine's durable
/// outbox with retries.
/// </summary>
public static class AlertingSetup
{
    public const string WebhookQueue = "webhooks";

    public static IServiceCollection AddAlerting(this IServiceCollection services)
    {
        services.ConfigureMarten(options =>
        {
            options.Schema.For<Subscription>().Index(subscription => subscription.Owner);
            options.Schema.For<Notification>().Index(notification => notification.Owner);
        });
        services.AddEventSubscription<SubscriptionLooks>();
        services.AddSingleton<SubscriptionWatcher>();
        services.AddSingleton<MorningSchedule>();
        services.AddHostedService(provider => provider.GetRequiredService<MorningSchedule>());

        // Read from the host's final configuration (tests and operators override it after this code runs).
        services.AddSingleton(provider => WebhookSettings.From(provider.GetRequiredService<IConfiguration>()));
        // A webhook receiver gets a bounded time and no redirects: a delivery goes where the subscription says, and no further.
        services.AddHttpClient(WebhookDelivery.HttpClientName, (provider, client) =>
                client.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<WebhookSettings>().TimeoutSeconds))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, MaxResponseDrainSize = 64 * 1024 });
        services.ConfigureWolverine(options =>
        {
            options.Discovery.IncludeType(typeof(WebhookDelivery));
            options.Discovery.IncludeType(typeof(MorningLookHandler));
            // Webhook deliveries: kept in the database from the transaction that told them until a receiver takes them;
            // at most ten at once per node, so that slow receivers cannot take every thread.
            options.LocalQueue(WebhookQueue).UseDurableInbox().MaximumParallelMessages(10);
            options.PublishMessage<DeliverNotification>().ToLocalQueue(WebhookQueue);
            options.Policies.Add(new WebhookRetryPolicy());
        });
        return services;
    }
}
