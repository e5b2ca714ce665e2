using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Exceptions;
using Marten.Subscriptions;
using Transfer.Api.Boards;
using Transfer.Api.Counties;
using Transfer.Domain.Readiness;
using Transfer.Domain.Subscriptions;
using Wolverine.Marten.Publishing;
using Wolverine.Runtime;

namespace Transfer.Api.Alerting;

/// <summary>
/// Looks at a county's subscriptions against its boards of today (business day in Helsinki) and tells what changed:
/// after new events (<see cref="SubscriptionLooks"/>, on the async daemon) and each morning (<see cref="MorningLook"/>),
/// when time alone may have turned a target red. Each subscription is looked at in a transaction of its own, with the
/// notification, the subscription's new state and the webhook's delivery message (Wolverine's durable outbox)
/// committed together: a change is told once, and a told change is delivered, whatever stops in between.
/// </summary>
public sealed class SubscriptionWatcher(
    CountyStores stores, HelsinkiClock clock, TimeProvider time, OutboxedSessionFactory outbox, IWolverineRuntime runtime, ILogger<SubscriptionWatcher> logger)
{
    /// <summary>Looks at every subscription of the county.</summary>
    public async Task LookAll(County county, CancellationToken cancellation)
    {
        IReadOnlyList<Subscription> subscriptions;
        await using (var query = stores.QuerySession(county))
            subscriptions = await query.Query<Subscription>().ToListAsync(cancellation);
        if (subscriptions.Count == 0) return;
        var today = await Today(county, cancellation);
        // This runs after every batch of events: decided in memory first, so only a subscription with something to
        // tell or keep opens a transaction (where it is loaded and decided again, against any look made meanwhile).
        foreach (var subscription in subscriptions.Where(subscription => WouldChange(subscription, today)))
            await LookAt(county, subscription.Id, today, cancellation);
    }

    private static bool WouldChange(Subscription subscription, TodaysBoards today)
    {
        if (Scopes.Read(today.Data, subscription.Scope, subscription.ScopeId) is not { } scope) return false;
        var (telling, next) = Watch.Look(subscription.Trigger, subscription.DueWithinDays, subscription.Seen, scope.Now, today.Day);
        return telling is not null || !next.SameAs(subscription.Seen);
    }

    /// <summary>What a look compares with: the county's newest event (read first: the boards then hold it, or later ones) and today's boards.</summary>
    public sealed record TodaysBoards(DateOnly Day, long Through, BoardData Data);

    public async Task<TodaysBoards> Today(County county, CancellationToken cancellation)
    {
        await using var query = stores.QuerySession(county);
        var through = (await query.AdvancedSql.QueryAsync<long>(
            $"select coalesce(max(seq_id), 0) from {EventStoreSetup.Schema}.mt_events where tenant_id = ?", cancellation, county.TenantId)).Single();
        var day = clock.Today;
        return new TodaysBoards(day, through, await BoardData.Load(query, new Horizon(day), cancellation));
    }

    /// <summary>
    /// Looks at one subscription and keeps what it saw; returns what it told, if anything. Two looks at once (two
    /// nodes, the morning and an event) cannot both tell a change: the later save fails its version check, and that
    /// look starts again from what the earlier one kept.
    /// </summary>
    public async Task<Notification?> LookAt(County county, string subscriptionId, TodaysBoards today, CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await LookOnce(county, subscriptionId, today, cancellation);
            }
            catch (Exception conflict) when (conflict is JasperFx.ConcurrencyException or ConcurrentUpdateException && attempt < 3)
            {
                logger.LogInformation("Subscription {Id} was looked at by another look meanwhile; looking again", subscriptionId);
            }
        }
    }

    private async Task<Notification?> LookOnce(County county, string subscriptionId, TodaysBoards today, CancellationToken cancellation)
    {
        // The delivery message goes out through the session's own transaction, to the county's own database.
        var context = new MessageContext(runtime, county.TenantId);
        await using var session = outbox.OpenSession(context);
        if (await session.LoadAsync<Subscription>(subscriptionId, cancellation) is not { } subscription) return null;
        if (Scopes.Read(today.Data, subscription.Scope, subscription.ScopeId) is not { } scope) return null;

        var (telling, next) = Watch.Look(subscription.Trigger, subscription.DueWithinDays, subscription.Seen, scope.Now, today.Day);
        if (telling is null && next.SameAs(subscription.Seen)) return null;

        Notification? told = null;
        if (telling is not null)
        {
            told = await Notification(session, subscription, scope, telling, today, time.GetUtcNow(), cancellation);
            session.Store(told);
            if (subscription.WebhookUrl is not null) await context.PublishAsync(new DeliverNotification(county.Id, told.Id));
        }
        // What it saw is kept whether or not it told: a workstream that went amber under "turns red" is amber from now on.
        subscription.Seen = next;
        subscription.SeenThrough = today.Through;
        subscription.SeenOn = today.Day;
        session.Store(subscription);
        await session.SaveChangesAsync(cancellation);
        return told;
    }

    /// <summary>The notification of a telling, with the events behind each workstream in it since the subscription last kept what it saw.</summary>
    private static async Task<Notification> Notification(
        IQuerySession session, Subscription subscription, ScopeOnBoards scope, Telling telling, TodaysBoards today, DateTimeOffset now, CancellationToken cancellation)
    {
        var rows = telling.Turned.Select(turn => (turn.Id, turn.Was, turn.Now))
            .Concat(telling.DueSoon.Select(due => (due.Id, Was: due.Rag, Now: due.Rag)))
            .ToList();
        var causes = await CauseReader.Read(session, rows.Select(row => row.Id).ToList(),
            new CauseWindow(After: null, Until: today.Day, AfterSequence: subscription.SeenThrough), cancellation);
        // On an organisation's board only what concerns the organisation counts.
        var organisationId = subscription.Scope == SubscriptionScope.Organisation ? subscription.ScopeId : null;
        return new Notification
        {
            Id = Guid.NewGuid().ToString("N"),
            SubscriptionId = subscription.Id,
            Owner = subscription.Owner,
            Scope = subscription.Scope,
            ScopeId = subscription.ScopeId,
            ScopeName = scope.Name,
            Trigger = subscription.Trigger,
            AsOf = today.Day,
            From = telling.From,
            To = telling.To,
            Causes = rows.Select(row =>
            {
                var status = scope.Workstreams[row.Id];
                var passed = status.DueDate >= subscription.SeenOn && status.DueDate < today.Day;
                return new NotificationCause(row.Id, status.Workstream.Name, row.Was, row.Now, status.DueDate,
                    causes.For(row.Id, organisationId, status.DueDate, status.DueDate, passed));
            }).ToList(),
            CreatedAt = now,
        };
    }
}

/// <summary>
/// Looks at a county's subscriptions whenever it has new events, on Marten's async daemon: after the events are
/// committed, in order, on one node at a time (HotCold), and again after a restart for what was not yet looked at.
/// The watcher is found when the first events come, not when the store is built: it needs the store and Wolverine,
/// which are built with this subscription, so asking for it in the constructor would wait for itself.
/// </summary>
public sealed class SubscriptionLooks(IServiceProvider services) : SubscriptionBase
{
    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellation)
    {
        var watcher = services.GetRequiredService<SubscriptionWatcher>();
        var counties = services.GetRequiredService<CountyCatalog>();
        foreach (var tenant in page.Events.Select(e => e.TenantId).Distinct())
            if (counties.All.FirstOrDefault(county => county.TenantId == tenant) is { } county)
                await watcher.LookAll(county, cancellation);
        return NullChangeListener.Instance;
    }
}
