using Marten.Schema;
using Transfer.Api.Boards;
using Transfer.Domain.Common;
using Transfer.Domain.Subscriptions;

namespace Transfer.Api.Alerting;

/// <summary>
/// A user's subscription, kept in its county, with what it last saw there (<see cref="Seen"/>): each look
/// compares the boards of today with it, tells what changed, and keeps the new state in the same transaction.
/// Optimistic concurrency makes two looks at once tell a change once: the second one's save fails, and it
/// looks again.
/// </summary>
[UseOptimisticConcurrency]
public sealed class Subscription
{
    public string Id { get; set; } = "";

    /// <summary>The token's subject: whose it is. Nobody else sees it or its notifications.</summary>
    public string Owner { get; set; } = "";

    public SubscriptionScope Scope { get; set; }
    public string ScopeId { get; set; } = "";
    public SubscriptionTrigger Trigger { get; set; }
    public int? DueWithinDays { get; set; }
    public string? WebhookUrl { get; set; }

    /// <summary>The webhook's shared secret, kept to sign each delivery (HMAC-SHA256); never shown again.</summary>
    public string? Secret { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>What it last saw: the scope's colour, each workstream's, and the due dates told.</summary>
    public WatchState Seen { get; set; } = new(Rag.None, new Dictionary<string, Rag>(), []);

    /// <summary>The county's newest event when it last looked: the causes of a change are the events after it.</summary>
    public long SeenThrough { get; set; }

    /// <summary>The business day it last looked: a due date between it and today passed in between.</summary>
    public DateOnly SeenOn { get; set; }
}

/// <summary>A subscription as its owner reads it: everything but the secret.</summary>
public sealed record SubscriptionView(
    string Id, SubscriptionScope Scope, string ScopeId, SubscriptionTrigger Trigger, int? DueWithinDays, string? WebhookUrl, bool HasSecret, DateTimeOffset CreatedAt)
{
    public static SubscriptionView Of(Subscription subscription) => new(subscription.Id, subscription.Scope, subscription.ScopeId, subscription.Trigger,
        subscription.DueWithinDays, subscription.WebhookUrl, subscription.Secret is not null, subscription.CreatedAt);
}

/// <summary>A workstream behind a notification: its colour in the scope before and now, its due date, and the events that moved it.</summary>
public sealed record NotificationCause(string WorkstreamId, string Name, Rag Was, Rag Now, DateOnly DueDate, ChangeCauses Events);

/// <summary>
/// What a subscription told: the scope's colour before (<see cref="From"/>) and now (<see cref="To"/>) on the business
/// day <see cref="AsOf"/>, and its causes: the workstreams that changed with the events behind them, or, for a due
/// date near, the workstreams due.
/// </summary>
public sealed class Notification
{
    public string Id { get; set; } = "";
    public string SubscriptionId { get; set; } = "";
    public string Owner { get; set; } = "";
    public SubscriptionScope Scope { get; set; }
    public string ScopeId { get; set; } = "";
    public string ScopeName { get; set; } = "";
    public SubscriptionTrigger Trigger { get; set; }
    public DateOnly AsOf { get; set; }
    public Rag From { get; set; }
    public Rag To { get; set; }
    public IReadOnlyList<NotificationCause> Causes { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When its webhook took it (2xx), if it has one and did.</summary>
    public DateTimeOffset? DeliveredAt { get; set; }
}

/// <summary>A notification as its owner reads it.</summary>
public sealed record NotificationView(
    string Id, string SubscriptionId, SubscriptionScope Scope, string ScopeId, string ScopeName, SubscriptionTrigger Trigger, DateOnly AsOf,
    Rag From, Rag To, IReadOnlyList<NotificationCause> Causes, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt)
{
    public static NotificationView Of(Notification n) =>
        new(n.Id, n.SubscriptionId, n.Scope, n.ScopeId, n.ScopeName, n.Trigger, n.AsOf, n.From, n.To, n.Causes, n.CreatedAt, n.DeliveredAt);
}
