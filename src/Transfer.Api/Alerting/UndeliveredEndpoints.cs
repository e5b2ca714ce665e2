using Marten;
using Transfer.Api.Counties;
using Transfer.Api.Security;
using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Runtime;
using Wolverine.Util;

namespace Transfer.Api.Alerting;

/// <summary>A notification its webhook never took, after every retry: Wolverine's dead letter, as the PMO reads it.</summary>
/// <param name="Id">The dead letter's id: what to retry.</param>
/// <param name="Problem">The last attempt's failure, e.g. "The webhook answered 503 ServiceUnavailable."</param>
public sealed record UndeliveredNotification(
    Guid Id, string NotificationId, string? SubscriptionId, string? ScopeName, string? WebhookHost, DateTimeOffset? FailedAt, string Problem, int Replays);

// The PMO's view of deliveries that gave up: which, why, and a way to try again once the receiver is back.
public static class UndeliveredEndpoints
{
    [WolverineGet("/api/notifications/undelivered", OperationId = "ListUndeliveredNotifications", Summary = "Notifications no webhook took, after every retry",
        Description = "The county's webhook deliveries that failed every attempt (Wolverine's dead letters), newest first, at most 100."),
     Authorize(Roles = Roles.Writers)]
    [Tags(ApiTags.Subscriptions)]
    [ProducesResponseType<IReadOnlyList<UndeliveredNotification>>(StatusCodes.Status200OK)]
    public static async Task<IResult> List(IWolverineRuntime runtime, IQuerySession session, HttpContext http, CancellationToken cancellation) =>
        Results.Ok(await Undelivered(runtime, session, http.County(), cancellation));

    [WolverinePost("/api/notifications/undelivered/{id}/retry", OperationId = "RetryUndeliveredNotification",
        Summary = "Deliver an undelivered notification again", Description = "Puts it back on the webhooks' queue, with its retries."),
     Authorize(Roles = Roles.Writers)]
    [Tags(ApiTags.Subscriptions), Refuses(404)]
    [ProducesResponseType(StatusCodes.Status202Accepted)]
    public static async Task<IResult> Retry(string id, IWolverineRuntime runtime, IQuerySession session, CountyCatalog counties, HttpContext http, CancellationToken cancellation)
    {
        var county = http.County();
        // Only the county's own: another county's dead letter is as unknown as a made-up id.
        if (!Guid.TryParse(id, out var envelope) || (await Undelivered(runtime, session, county, cancellation)).All(letter => letter.Id != envelope))
            return Problems.NotFound("undelivered notification", id);
        if (counties.ServesSeveral) await runtime.Stores.ReplayDeadLettersAsync(county.TenantId, [envelope]);
        else await runtime.Stores.ReplayDeadLettersAsync([envelope]);
        return Results.Accepted();
    }

    private const int MaxListed = 100, PageSize = 500, MaxPagesRead = 40;

    private static async Task<IReadOnlyList<UndeliveredNotification>> Undelivered(
        IWolverineRuntime runtime, IQuerySession session, County county, CancellationToken cancellation)
    {
        // Every county's deliveries are dead-lettered in Wolverine's one main store, and the county is in the message:
        // pages are read until this county has its 100 (or there are no more), so another county's many hide none of its.
        var letters = new List<(Wolverine.Persistence.Durability.DeadLetterEnvelope letter, DeliverNotification? delivery)>();
        for (var page = 1; page <= MaxPagesRead && letters.Count < MaxListed; page++) // Wolverine counts pages from 1
        {
            var found = (await runtime.Stores.FetchDeadLetterEnvelopesAsync(new DeadLetterEnvelopeGetRequest
            {
                MessageType = typeof(DeliverNotification).ToMessageTypeName(), Limit = PageSize, PageNumber = page, Replayable = false,
            }, cancellation)).SelectMany(results => results.Envelopes).ToList();
            letters.AddRange(found.Select(letter => (letter, delivery: letter.Message as DeliverNotification)).Where(pair => pair.delivery?.County == county.Id));
            if (found.Count < PageSize) break;
        }
        letters = letters.OrderByDescending(pair => pair.letter.FailedAt ?? pair.letter.SentAt).Take(MaxListed).ToList();
        var ids = letters.Select(pair => pair.delivery!.NotificationId).Distinct().ToArray();
        var notifications = (await session.LoadManyAsync<Notification>(cancellation, ids)).ToDictionary(notification => notification.Id);
        var subscriptions = (await session.LoadManyAsync<Subscription>(cancellation,
            notifications.Values.Select(notification => notification.SubscriptionId).Distinct().ToArray())).ToDictionary(subscription => subscription.Id);
        return letters.Select(pair =>
        {
            var notification = notifications.GetValueOrDefault(pair.delivery!.NotificationId);
            var subscription = notification is null ? null : subscriptions.GetValueOrDefault(notification.SubscriptionId);
            return new UndeliveredNotification(pair.letter.Id, pair.delivery.NotificationId, notification?.SubscriptionId, notification?.ScopeName,
                subscription?.WebhookUrl is { } url ? new Uri(url).Authority : null, pair.letter.FailedAt ?? pair.letter.SentAt,
                pair.letter.ExceptionMessage ?? pair.letter.ExceptionType ?? "", pair.letter.ReplayCount);
        }).ToList();
    }
}
