using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Alerting;

/// <summary>
/// A real API process is killed, as kill -9 kills, while its webhook delivery waits on the receiver: the notification
/// and its delivery were committed together, so the next process delivers it, to the receiver that is back.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class WebhookCrashTests(TransferAppFixture app) : IAsyncLifetime
{
    private readonly ApiProcesses nodes = new(app, "transfer_webhook_crash");

    [Fact]
    public async Task A_delivery_cut_off_by_a_killed_API_is_made_by_the_next_one_with_nothing_lost()
    {
        await using var receiver = await WebhookReceiver.Start();
        var hold = new TaskCompletionSource();
        receiver.Before = attempt => attempt == 1 ? hold.Task : Task.CompletedTask; // the first attempt hangs,
        receiver.Answer = attempt => attempt == 1 ? 500 : 200;                      // and is no delivery when it ends
        var settings = new Dictionary<string, string> { ["Webhooks__AllowedHosts__0"] = new Uri(receiver.Url).Authority };
        var chair = app.TokenFor("Crash Test Chair", "chair");

        var first = await nodes.Start("webhook-a", settings);
        foreach (var (path, body) in new (string, object)[]
                 {
                     ("/api/working-groups", new { id = "hallinto", name = "Hallinto" }),
                     ("/api/workstreams", new { id = "sopimukset", name = "Sopimukset", workingGroupId = "hallinto", category = "administration", startDate = "2021-09-01", dueDate = "2030-01-31" }),
                 })
            (await nodes.Post(first, path, body)).StatusCode.ShouldBe(HttpStatusCode.Created, path);
        (await nodes.Post(first, "/api/subscriptions", new { scope = "workstream", scopeId = "sopimukset", trigger = "turns-red", webhookUrl = receiver.Url, secret = "crash-test-secret-0123" }, token: chair))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await nodes.Post(first, "/api/workstreams/sopimukset/assessments", new { dimension = "risk", rag = "red", rationale = "Suppliers refuse", occurredOn = "2022-01-10" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        var waited = Stopwatch.StartNew();
        while (receiver.Started.IsEmpty && waited.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(100);
        receiver.Started.ShouldNotBeEmpty("the first node began the delivery");
        first.Process.Kill(entireProcessTree: true);
        await first.Process.WaitForExitAsync();
        hold.SetResult();

        var second = await nodes.Start("webhook-b", settings);
        var delivered = await receiver.Delivered(TimeSpan.FromSeconds(120));

        delivered.ShouldNotBeNull("the next node made the delivery the killed one could not");
        async Task<ValueList<OwnNotification>> Notifications()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{second.Url}/api/notifications");
            request.Headers.Authorization = new("Bearer", chair);
            return JsonSerializer.Deserialize<ValueList<OwnNotification>>(await (await nodes.Http.SendAsync(request)).Content.ReadAsStringAsync(), WireJson.Options)!;
        }
        waited.Restart();
        while ((await Notifications()).Single().DeliveredAt is null && waited.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(200);
        var notification = (await Notifications()).ShouldHaveSingleItem("told once, whatever the crash");
        notification.DeliveredAt.ShouldNotBeNull("the second node recorded the delivery");
        delivered.Delivery.ShouldBe(notification.Id);
        receiver.Attempts.Where(attempt => attempt.Answered == 200).Select(attempt => attempt.Delivery).Distinct().ShouldHaveSingleItem();
    }

    public Task InitializeAsync() => nodes.CreateDatabase();

    public async Task DisposeAsync() => await nodes.DisposeAsync();
}
