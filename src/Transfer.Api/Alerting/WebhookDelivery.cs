using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Transfer.Api.Counties;

namespace Transfer.Api.Alerting;

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
        var trimmed = view with { Causes = view.Causes.Select(cause => cause with { Events = cause.Events with { Posted = [], PmoActions = [] } }).ToList() };
        return JsonSerializer.SerializeToUtf8Bytes(trimmed, TransferJson.Options);
    }

    public static string Signature(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
