using System.ComponentModel.DataAnnotations;
using Marten;
using Transfer.Api.Counties;
using Transfer.Api.Security;
using Transfer.Api.Writing;
using Transfer.Domain.Subscriptions;

namespace Transfer.Api.Alerting;

/// <param name="Scope">workstream, working-group or organisation</param>
/// <param name="Trigger">turns-red, colour-changes or due-soon</param>
/// <param name="DueWithinDays">With due-soon: tell when a due date is this many days away or nearer (1–365) and the workstream not green.</param>
/// <param name="WebhookUrl">Where to post each notification (http or https, no credentials); without it, notifications are kept in the inbox only.</param>
/// <param name="Secret">With a webhook: the shared secret each delivery is signed with (HMAC-SHA256), 16–200 characters.</param>
public sealed record SubscribeRequest(
    [property: Required, OneOf(typeof(SubscriptionScope))] string? Scope,
    [property: Required, IdField] string? ScopeId,
    [property: Required, OneOf(typeof(SubscriptionTrigger))] string? Trigger,
    [property: Range(1, 365)] int? DueWithinDays,
    string? WebhookUrl,
    string? Secret);

// Subscriptions and the inbox: any role, each user their own (the token's subject), in the token's county.
public static class SubscriptionEndpoints
{
    public const int MaxPerUser = 100;
    public const int MaxNotifications = 200;

    [WolverinePost("/api/subscriptions", OperationId = "Subscribe", Summary = "Be told when something turns red, changes colour or is due soon",
        Description = "The scope is looked at against the boards of today (Helsinki) after every new event and each morning at 06:00, from what " +
                      "it showed when subscribed: each change is told once, in the inbox (GET /api/notifications) and, with a webhookUrl, posted " +
                      "there signed with X-Transfer-Signature: sha256=<HMAC-SHA256 of the body under the secret>. due-soon tells at once what is " +
                      "already near."),
     Authorize(Roles = Roles.Readers)]
    [Tags(ApiTags.Subscriptions), Refuses(400), SendsHeader("Location", "The new subscription's address.")]
    [ProducesResponseType<SubscriptionView>(StatusCodes.Status201Created)]
    public static async Task<IResult> Subscribe(
        SubscribeRequest request, Writes writes, SubscriptionWatcher watcher, WebhookSettings webhooks, IHostEnvironment environment,
        TimeProvider time, HttpContext http, CancellationToken cancellation)
    {
        var fields = new RequestFields();
        request = fields.Body(request);
        var scope = fields.Enum<SubscriptionScope>("scope", request.Scope);
        var scopeId = fields.Id("scopeId", request.ScopeId);
        var trigger = fields.Enum<SubscriptionTrigger>("trigger", request.Trigger);
        if (fields.IsValid("trigger"))
        {
            if (trigger == SubscriptionTrigger.DueSoon && request.DueWithinDays is null) fields.Add("dueWithinDays", "is required with the trigger due-soon");
            if (trigger != SubscriptionTrigger.DueSoon && request.DueWithinDays is not null) fields.Add("dueWithinDays", "is only for the trigger due-soon");
        }
        if (request.DueWithinDays is < 1 or > 365) fields.Add("dueWithinDays", "must be from 1 to 365");
        if (request.WebhookUrl is not null && WebhookAddress.Problem(request.WebhookUrl, webhooks, enforceAllowList: !environment.IsDevelopment()) is { } address)
            fields.Add("webhookUrl", address);
        if (request.WebhookUrl is not null && request.Secret is null) fields.Add("secret", "is required with a webhookUrl: each delivery is signed with it");
        if (request.WebhookUrl is null && request.Secret is not null) fields.Add("secret", "is only for a webhookUrl");
        if (request.Secret is { Length: < 16 or > 200 }) fields.Add("secret", "must be 16 to 200 characters");
        // PostgreSQL keeps no NUL in a document, and a control character signs nothing a receiver could type.
        if (request.Secret is not null && RequestFields.TextProblem(request.Secret) is { } secretText) fields.Add("secret", secretText);

        await using var write = await writes.Begin(http, request, fields);
        if (write.Answer is { } answer) return answer;

        var county = http.County();
        var owner = http.User.Owner();
        if (await write.Session.Query<Subscription>().CountAsync(subscription => subscription.Owner == owner, cancellation) >= MaxPerUser)
            return Problems.Validation("scopeId", $"you have {MaxPerUser} subscriptions already, the most one person may have; remove one first");
        var today = await watcher.Today(county, cancellation);
        if (Scopes.Read(today.Data, scope, scopeId) is not { } seen)
            return Problems.UnknownReference("scopeId", scope switch
            {
                SubscriptionScope.Workstream => "workstream",
                SubscriptionScope.WorkingGroup => "working group",
                _ => "organisation",
            }, scopeId);

        var subscription = new Subscription
        {
            Id = Guid.NewGuid().ToString("N"), Owner = owner, Scope = scope, ScopeId = scopeId, Trigger = trigger, DueWithinDays = request.DueWithinDays,
            WebhookUrl = request.WebhookUrl, Secret = request.Secret, CreatedAt = time.GetUtcNow(),
            // From what the scope shows now: what already is, is not news; a due date already near is (told by the look below).
            Seen = WatchState.Of(seen.Now), SeenThrough = today.Through, SeenOn = today.Day,
        };
        write.Session.Store(subscription);
        var created = await write.Commit(StatusCodes.Status201Created, SubscriptionView.Of(subscription), location: $"/api/subscriptions/{subscription.Id}");
        if (trigger == SubscriptionTrigger.DueSoon) await watcher.LookAt(county, subscription.Id, today, cancellation);
        return created;
    }

    [WolverineGet("/api/subscriptions", OperationId = "ListSubscriptions", Summary = "Your subscriptions, newest first"), Authorize(Roles = Roles.Readers)]
    [Tags(ApiTags.Subscriptions)]
    [ProducesResponseType<IReadOnlyList<SubscriptionView>>(StatusCodes.Status200OK)]
    public static async Task<IResult> List(IQuerySession session, HttpContext http, CancellationToken cancellation)
    {
        var owner = http.User.Owner();
        var mine = await session.Query<Subscription>().Where(subscription => subscription.Owner == owner)
            .OrderByDescending(subscription => subscription.CreatedAt).ToListAsync(cancellation);
        return Results.Ok(mine.Select(SubscriptionView.Of).ToList());
    }

    [WolverineDelete("/api/subscriptions/{id}", OperationId = "Unsubscribe", Summary = "Stop a subscription",
        Description = "Its notifications stay in the inbox; one not yet delivered to its webhook is no longer sent."), Authorize(Roles = Roles.Readers)]
    [Tags(ApiTags.Subscriptions), Refuses(404)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public static async Task<IResult> Unsubscribe(string id, IDocumentSession session, HttpContext http, CancellationToken cancellation)
    {
        // Someone else's subscription is answered as one that does not exist: its id tells nothing.
        if (await session.LoadAsync<Subscription>(id, cancellation) is not { } subscription || subscription.Owner != http.User.Owner())
            return Problems.NotFound("subscription", id);
        session.Delete(subscription);
        await session.SaveChangesAsync(cancellation);
        return Results.NoContent();
    }

    [WolverineGet("/api/notifications", OperationId = "ListNotifications", Summary = "Your notifications, newest first",
        Description = "What your subscriptions told: the scope's colour before (from) and now (to), and the causes: each workstream that changed " +
                      "(or is due soon) with the items posted and the PMO's decisions since the subscription last looked. At most 'limit' (default 50, at most 200)."),
     Authorize(Roles = Roles.Readers)]
    [Tags(ApiTags.Subscriptions), Refuses(400)]
    [ProducesResponseType<IReadOnlyList<NotificationView>>(StatusCodes.Status200OK)]
    [NotificationLimitParameter]
    public static async Task<IResult> Notifications(string? limit, IQuerySession session, HttpContext http, CancellationToken cancellation)
    {
        var fields = new RequestFields();
        var size = (int)(fields.OptionalNumber("limit", limit, 1, MaxNotifications) ?? 50);
        if (fields.Problem() is { } problem) return problem;
        var owner = http.User.Owner();
        var mine = await session.Query<Notification>().Where(notification => notification.Owner == owner)
            .OrderByDescending(notification => notification.CreatedAt).Take(size).ToListAsync(cancellation);
        return Results.Ok(mine.Select(NotificationView.Of).ToList());
    }
}
