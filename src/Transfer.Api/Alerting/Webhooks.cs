using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Transfer.Api.Counties;
using Wolverine.Configuration;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Transfer.Api.Alerting;

/// <summary>
/// Where webhooks may go and how hard to try (configuration section Webhooks): in Production only to the hosts of
/// <see cref="AllowedHosts"/> ("host" or "host:port"); <see cref="Retries"/> the seconds between attempts (by default 2, 5, 120, 900,
/// 3600 and 21600), the first two inline (both starting within 30 s of the first attempt, even after two time-outs), the rest
/// scheduled through the durable inbox, after which the delivery is dead-lettered for the PMO to see and retry.
/// </summary>
public sealed class WebhookSettings
{
    public const string Section = "Webhooks";

    public string[] AllowedHosts { get; set; } = [];
    /// <summary>Null unless configured: the configuration binder adds configured items to an array's initial ones, never replaces them.</summary>
    public double[]? Retries { get; set; }

    public static readonly double[] DefaultRetries = [2, 5, 120, 900, 3600, 21600];

    public IReadOnlyList<TimeSpan> RetryDelays => (Retries is { Length: > 0 } configured ? configured : DefaultRetries).Select(TimeSpan.FromSeconds).ToList();

    /// <summary>A receiver gets this long to answer; a slow one holds up only its own delivery.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    public static WebhookSettings From(IConfiguration configuration) => configuration.GetSection(Section).Get<WebhookSettings>() ?? new WebhookSettings();
}

/// <summary>Checks a webhook address as a subscription gives it.</summary>
public static class WebhookAddress
{
    public const int MaxLength = 2000;

    /// <returns>What is wrong with it, in plain words, or null when it may be used.</returns>
    public static string? Problem(string url, WebhookSettings settings, bool production)
    {
        if (url.Length > MaxLength) return $"must be at most {MaxLength} characters";
        if (RequestFields.TextProblem(url) is { } text) return text;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return "must be an absolute http or https address";
        if (uri.UserInfo.Length > 0) return "must not hold a user name or password: the shared secret signs each delivery instead";
        if (uri.Fragment.Length > 0) return "must not have a fragment (#...)";
        // An entry is a host (any port) or host:port, the scheme's own port written out or not.
        var hostAndPort = $"{uri.Host}:{uri.Port}";
        if (production && !settings.AllowedHosts.Any(allowed =>
                string.Equals(allowed, uri.Host, StringComparison.OrdinalIgnoreCase) || string.Equals(allowed, hostAndPort, StringComparison.OrdinalIgnoreCase)))
            return $"host {uri.Authority} is not among the hosts webhooks may go to (Webhooks:AllowedHosts)";
        return null;
    }
}

/// <summary>Delivers one notification to its subscription's webhook: the message the durable outbox carries.</summary>
// The name it was first stored under in the durable inbox and the scheduled messages: kept, so messages stored
// before the rooms were renamed are still read.
[Wolverine.Attributes.MessageIdentity("Transfer.Api.Subscriptions.DeliverNotification")]
public sealed record DeliverNotification(string County, string NotificationId);

/// <summary>A receiver that answered with an error status: tried again later, as a refused connection or a time-out is.</summary>
public sealed class WebhookRefused(HttpStatusCode status) : Exception($"The webhook answered {(int)status} {status}.");

/// <summary>
/// Posts a notification to its webhook as JSON, signed: X-Transfer-Signature: sha256=&lt;hex HMAC-SHA256 of the body under the
/// subscription's secret&gt;, and X-Transfer-Delivery: the notification's id, the same on every attempt, so that a receiver can
/// tell a repeat (after a crash between the receiver's answer and the delivery's commit, a delivery is made again).
/// </summary>
public static class WebhookDelivery
{
    public const string HttpClientName = "webhooks";
    public const string SignatureHeader = "X-Transfer-Signature";
    public const string DeliveryHeader = "X-Transfer-Delivery";

    /// <summary>A delivery's body at most: past it the workstreams' events are left out (the notification in the API keeps them).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static async Task Handle(
        DeliverNotification delivery, CountyCatalog counties, CountyStores stores, IHttpClientFactory clients, TimeProvider time, CancellationToken cancellation)
    {
        if (counties.Find(delivery.County) is not { } county) return; // a county no longer served
        await using var session = stores.LightweightSession(county);
        var notification = await session.LoadAsync<Notification>(delivery.NotificationId, cancellation);
        var subscription = notification is null ? null : await session.LoadAsync<Subscription>(notification.SubscriptionId, cancellation);
        // Unsubscribed since, or delivered already by an earlier attempt that died before it could say so: nothing to send.
        if (notification is null || subscription?.WebhookUrl is null || subscription.Secret is null || notification.DeliveredAt is not null) return;

        var body = Body(notification);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.Add(SignatureHeader, Signature(body, subscription.Secret));
        request.Headers.Add(DeliveryHeader, notification.Id);
        using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
        if (!response.IsSuccessStatusCode) throw new WebhookRefused(response.StatusCode);

        notification.DeliveredAt = time.GetUtcNow();
        session.Store(notification);
        await session.SaveChangesAsync(cancellation);
    }

    public static byte[] Body(Notification notification)
    {
        var view = NotificationView.Of(notification);
        var body = JsonSerializer.SerializeToUtf8Bytes(view, TransferJson.Options);
        if (body.Length <= MaxBodyBytes) return body;
        var trimmed = view with { Causes = view.Causes.Select(cause => cause with { Events = cause.Events with { Posted = [], Decisions = [] } }).ToList() };
        return JsonSerializer.SerializeToUtf8Bytes(trimmed, TransferJson.Options);
    }

    public static string Signature(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}

/// <summary>
/// Retries a failed delivery (an error status, a refused connection, a time-out) with back-off, as configured in
/// <see cref="WebhookSettings.Retries"/>: the first two inline, the later ones scheduled, then to the dead letters.
/// </summary>
public sealed class WebhookRetryPolicy : IHandlerPolicy
{
    public void Apply(IReadOnlyList<HandlerChain> chains, JasperFx.CodeGeneration.GenerationRules rules, JasperFx.IServiceContainer container)
    {
        var delays = container.Services.GetRequiredService<WebhookSettings>().RetryDelays.ToArray();
        foreach (var chain in chains.Where(chain => chain.MessageType == typeof(DeliverNotification)))
        {
            var failures = chain.OnException<HttpRequestException>().Or<WebhookRefused>().Or<TaskCanceledException>();
            if (delays.Length == 0) { failures.MoveToErrorQueue(); continue; }
            var inline = failures.RetryWithCooldown(delays.Take(2).ToArray());
            if (delays.Length > 2) inline.Then.ScheduleRetry(delays.Skip(2).ToArray()).Then.MoveToErrorQueue();
            else inline.Then.MoveToErrorQueue();
        }
    }
}
