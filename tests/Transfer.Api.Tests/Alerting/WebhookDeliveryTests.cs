using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Alerting;

/// <summary>
/// Webhook deliveries through Wolverine's durable outbox, against a receiver on 127.0.0.1 that fails when told to. The
/// test host retries after 1 s and 2 s, then once more 3 s later (Webhooks:Retries), then dead-letters.
/// </summary>
public sealed class WebhookDeliveryTests(TransferAppFixture app) : ApiTest(app)
{
    private const string Secret = "chair-webhook-secret-2022";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    /// <summary>A green workstream of the group hallinto: its one contract is in.</summary>
    private async Task GivenAGreenWorkstream()
    {
        await GivenOrganisations("837");
        await GivenWorkingGroup("hallinto");
        await GivenWorkstream("sopimukset", startDate: Iso(Today.AddDays(-30)), dueDate: Iso(Today.AddDays(60)));
        (await Put("/api/workstreams/sopimukset/targets", new { occurredOn = Iso(Today.AddDays(-30)), targets = new[] { new { organisationId = "837", kind = "contract", expected = 1 } } }))
            .Status.ShouldBe(200);
        (await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = "C-1", occurredOn = Iso(Today) })).Status.ShouldBe(201);
    }

    private async Task FollowWith(WebhookReceiver receiver, string scope, string scopeId, string token) =>
        (await Post("/api/subscriptions", new { scope, scopeId, trigger = "colour-changes", webhookUrl = receiver.Url, secret = Secret }, token)).Status.ShouldBe(201);

    /// <summary>A red risk, and the id of the chair's notification of it once told.</summary>
    private async Task<string> TurnRed()
    {
        (await Post("/api/workstreams/sopimukset/assessments", new { dimension = "risk", rag = "red", rationale = "Suppliers refuse", occurredOn = Iso(Today) })).Status.ShouldBe(201);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < Patience)
        {
            var told = await Get("/api/notifications", ChairToken).View<ValueList<OwnNotification>>();
            if (told.Count > 0) return told.Single().Id;
            await Task.Delay(100);
        }
        throw new TimeoutException("The change was not told");
    }

    /// <summary>A green workstream, the chair's subscription to its colour with the receiver's webhook, and then a red risk: one notification to deliver.</summary>
    private async Task<string> GivenARedTurnToDeliver(WebhookReceiver receiver)
    {
        await GivenAGreenWorkstream();
        await FollowWith(receiver, "workstream", "sopimukset", ChairToken);
        return await TurnRed();
    }

    [Fact]
    public async Task A_failing_receiver_is_tried_again_and_each_attempt_carries_the_same_signed_notification()
    {
        await using var receiver = await WebhookReceiver.Start();
        receiver.Answer = attempt => attempt <= 2 ? 500 : 200;

        var id = await GivenARedTurnToDeliver(receiver);
        var delivered = await receiver.Delivered(Patience);

        delivered.ShouldNotBeNull("the third attempt is answered 200");
        var attempts = receiver.Attempts.ToList();
        attempts.Select(attempt => attempt.Answered).ShouldBe([500, 500, 200]);
        (attempts[2].At - attempts[0].At).ShouldBeLessThan(TimeSpan.FromSeconds(30), "the first two retries come within 30 s");
        foreach (var attempt in attempts)
        {
            attempt.Delivery.ShouldBe(id, "the same delivery id on every attempt, for a receiver to tell a repeat");
            attempt.Signature.ShouldBe("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), attempt.Body)));
        }
        // The body is the notification as its owner reads it in the inbox (not yet delivered when sent).
        var body = JsonSerializer.Deserialize<OwnNotification>(delivered.Body, WireJson.Options)!;
        (body.Id, body.From, body.To).ShouldBe((id, "green", "red"));
        body.Causes[0].Events.Decisions[0].Text.ShouldBe("Suppliers refuse");

        async Task<string?> DeliveredAt() => (await Get("/api/notifications", ChairToken).View<ValueList<OwnNotification>>())[0].DeliveredAt;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await DeliveredAt() is null && waited.Elapsed < Patience)
            await Task.Delay(200);
        (await DeliveredAt()).ShouldNotBeNull("the inbox says it was delivered");
        await Task.Delay(TimeSpan.FromSeconds(4));
        receiver.Attempts.Count.ShouldBe(3, "nothing more once it was taken");
    }

    [Fact]
    public async Task A_delivery_that_fails_every_retry_is_listed_for_the_PMO_who_sends_it_again()
    {
        await using var receiver = await WebhookReceiver.Start();
        receiver.Answer = _ => 503;

        var id = await GivenARedTurnToDeliver(receiver);
        DeadLetter? undelivered = null;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (undelivered is null && waited.Elapsed < Patience)
        {
            undelivered = (await Get("/api/notifications/undelivered", PmoToken).View<ValueList<DeadLetter>>()).FirstOrDefault();
            if (undelivered is null) await Task.Delay(500);
        }

        undelivered.ShouldNotBeNull($"after its retries the delivery is dead-lettered ({receiver.Attempts.Count} attempts)");
        undelivered.NotificationId.ShouldBe(id);
        undelivered.Problem.ShouldContain("503");
        receiver.Attempts.Count.ShouldBe(4, "the first attempt and three retries");
        (await Get("/api/notifications/undelivered", ChairToken)).Status.ShouldBe(403, "the PMO's list");

        receiver.Answer = _ => 200;
        var letter = undelivered.Id;
        (await Post($"/api/notifications/undelivered/{Guid.NewGuid()}/retry", new { }, PmoToken)).Status.ShouldBe(404);
        (await Post($"/api/notifications/undelivered/{letter}/retry", new { }, PmoToken)).Status.ShouldBe(202);

        (await receiver.Delivered(Patience)).ShouldNotBeNull("sent again, and taken");
        (await Get("/api/notifications/undelivered", PmoToken)).Json.EnumerateArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_receiver_that_hangs_holds_up_no_other_delivery()
    {
        await using var slow = await WebhookReceiver.Start();
        await using var fast = await WebhookReceiver.Start();
        var hold = new TaskCompletionSource();
        slow.Before = _ => hold.Task;
        try
        {
            await GivenAGreenWorkstream();
            await FollowWith(slow, "workstream", "sopimukset", ChairToken);
            await TurnRed();
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (slow.Started.IsEmpty && waited.Elapsed < Patience) await Task.Delay(50);
            slow.Started.ShouldNotBeEmpty("the slow receiver's delivery has begun");
            var hanging = System.Diagnostics.Stopwatch.StartNew();

            // The group's chair follows later; the risk eased turns the group green again while the first delivery still hangs.
            await FollowWith(fast, "working-group", "hallinto", App.TokenFor("Another Chair", "chair"));
            (await Post("/api/workstreams/sopimukset/assessments", new { dimension = "risk", rag = "green", rationale = "Suppliers agree", occurredOn = Iso(Today) })).Status.ShouldBe(201);

            (await fast.Delivered(TimeSpan.FromSeconds(8))).ShouldNotBeNull("delivered while the other receiver hangs");
            hanging.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "before the hanging delivery's 10 s timeout could free its place");
            slow.Attempts.ShouldBeEmpty("the slow receiver has answered nothing yet");
        }
        finally
        {
            hold.TrySetResult();
        }
    }
}
