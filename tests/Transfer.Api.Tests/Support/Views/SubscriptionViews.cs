namespace Transfer.Api.Tests.Support.Views;

// Subscriptions and notifications as their owner reads them. Named apart from the server's SubscriptionView and
// NotificationView, which a test importing Transfer.Api.Subscriptions also sees.

/// <summary>
/// A subscription as POST and GET /api/subscriptions answer it: API.md's id, scope, scopeId and trigger, then "...",
/// which the API fills with dueWithinDays, webhookUrl, hasSecret (never the secret itself) and createdAt.
/// </summary>
public sealed record OwnSubscription(
    string Id, string Scope, string ScopeId, string Trigger, int? DueWithinDays, string? WebhookUrl, bool HasSecret, string CreatedAt);

/// <summary>
/// A notification of GET /api/notifications: API.md's fields, and the API's scopeName, trigger and deliveredAt (null
/// until a webhook took it).
/// </summary>
public sealed record OwnNotification(
    string Id, string SubscriptionId, string Scope, string ScopeId, string ScopeName, string Trigger, string AsOf,
    string From, string To, ValueList<NotifiedWorkstream> Causes, string CreatedAt, string? DeliveredAt);

/// <summary>A workstream behind a notification: its colour before and now, its due date, and the events that moved it.</summary>
public sealed record NotifiedWorkstream(string WorkstreamId, string Name, string Was, string Now, string DueDate, ChangeCauses Events);

/// <summary>
/// A row of GET /api/notifications/undelivered (a route API.md does not name): a delivery its webhook never took, after
/// every retry. <see cref="Id"/> is what to retry; <see cref="Problem"/> the last attempt's failure.
/// </summary>
public sealed record DeadLetter(
    string Id, string NotificationId, string? SubscriptionId, string? ScopeName, string? WebhookHost, string? FailedAt, string Problem, int Replays);
