using Microsoft.Extensions.DependencyInjection;
using Transfer.Api.Alerting;
using Transfer.Api.Tests.Support;
using Wolverine;

namespace Transfer.Api.Tests.Alerting;

/// <summary>Subscriptions as a chair uses them: told once of each change, with the events behind it, and only their own.</summary>
public sealed class SubscriptionTests(TransferAppFixture app) : ApiTest(app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>Contracts of Tampere, two expected from the start of the year to a due date: amber until one is in, green after.</summary>
    private async Task GivenContractsDue(DateOnly due, DateOnly? start = null)
    {
        await GivenOrganisations("837", "pshp");
        await GivenWorkingGroup("vate");
        await GivenWorkingGroup("hallinto", "vate");
        await GivenWorkstream("sopimukset", startDate: Iso(start ?? new DateOnly(Today.Year, 1, 1)), dueDate: Iso(due));
        (await Put("/api/workstreams/sopimukset/targets", new
        {
            occurredOn = Iso(start ?? new DateOnly(Today.Year, 1, 1)),
            targets = new[] { new { organisationId = "837", kind = "contract", expected = 2 } },
        })).Status.ShouldBe(200);
    }

    private Task<Response> Subscribe(object body, string? token = null) => Post("/api/subscriptions", body, token ?? ChairToken);

    /// <summary>The notifications of the token's owner once there are <paramref name="count"/> (the look runs just after the event is committed).</summary>
    private async Task<ValueList<OwnNotification>> NotificationsWhen(int count, string? token = null)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var notifications = await Get("/api/notifications", token ?? ChairToken).View<ValueList<OwnNotification>>();
            if (notifications.Count >= count || waited.Elapsed > Patience) return notifications;
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_subscription_is_the_owners_own_to_list_and_remove()
    {
        await GivenContractsDue(Today.AddDays(60));
        var created = await Subscribe(new { scope = "workstream", scopeId = "sopimukset", trigger = "turns-red" });
        created.Status.ShouldBe(201, created.Text);
        var subscription = created.Read<OwnSubscription>();
        var id = subscription.Id;
        created.Header("Location").ShouldBe($"/api/subscriptions/{id}");
        subscription.HasSecret.ShouldBeFalse();
        // The JSON's own shape: no field named secret at all.
        created.Json.TryGetProperty("secret", out _).ShouldBeFalse("a secret is never shown");

        (await Get("/api/subscriptions", ChairToken).View<ValueList<OwnSubscription>>()).ShouldBe([subscription]);
        var other = App.TokenFor("Another Chair", "chair");
        (await Get("/api/subscriptions", other).View<ValueList<OwnSubscription>>()).ShouldBeEmpty("another user sees none of it");
        (await Delete($"/api/subscriptions/{id}", other)).Status.ShouldBe(404, "nor can remove it");

        (await Delete($"/api/subscriptions/{id}", ChairToken)).Status.ShouldBe(204);
        (await Get("/api/subscriptions", ChairToken).View<ValueList<OwnSubscription>>()).ShouldBeEmpty();
        (await Delete($"/api/subscriptions/{id}", ChairToken)).Status.ShouldBe(404);
    }

    [Fact]
    public async Task A_subscription_that_cannot_be_kept_is_refused_with_each_field_named()
    {
        await GivenContractsDue(Today.AddDays(60));
        var refused = await Subscribe(new { scope = "county", scopeId = "Not An Id", trigger = "sometimes", secret = "short" });
        refused.Status.ShouldBe(400);
        refused.ErrorsFor("scope").ShouldNotBeEmpty();
        refused.ErrorsFor("scopeId").ShouldNotBeEmpty();
        refused.ErrorsFor("trigger").ShouldNotBeEmpty();
        refused.ErrorsFor("secret").ShouldBe(["is only for a webhookUrl", "must be 16 to 200 characters"]);

        (await Subscribe(new { scope = "workstream", scopeId = "sopimukset", trigger = "due-soon" })).ErrorsFor("dueWithinDays")
            .ShouldBe(["is required with the trigger due-soon"]);
        (await Subscribe(new { scope = "workstream", scopeId = "sopimukset", trigger = "turns-red", dueWithinDays = 7 })).ErrorsFor("dueWithinDays")
            .ShouldBe(["is only for the trigger due-soon"]);
        foreach (var (url, message) in new[]
                 {
                     ("ftp://hooks.example.fi/x", "must be an absolute http or https address"),
                     ("/relative", "must be an absolute http or https address"),
                     ("https://user:pass@hooks.example.fi/x", "must not hold a user name or password: the shared secret signs each delivery instead"),
                 })
            (await Subscribe(new { scope = "workstream", scopeId = "sopimukset", trigger = "turns-red", webhookUrl = url, secret = "a-secret-of-16-chars" }))
                .ErrorsFor("webhookUrl").ShouldBe([message], url);
        (await Subscribe(new { scope = "workstream", scopeId = "sopimukset", trigger = "turns-red", webhookUrl = "https://hooks.example.fi/x" }))
            .ErrorsFor("secret").ShouldBe(["is required with a webhookUrl: each delivery is signed with it"]);
        // PostgreSQL keeps no NUL in a document: refused with a reason, not a 500.
        (await Subscribe(new { scope = "workstream", scopeId = "sopimukset", trigger = "turns-red", webhookUrl = "https://hooks.example.fi/x", secret = "sixteen-chars-\u0000-more" }))
            .ErrorsFor("secret").ShouldBe(["must not contain control characters (only tab and line breaks are allowed)"]);
        (await Subscribe(new { scope = "workstream", scopeId = "sopimukset", trigger = "due-soon", dueWithinDays = 366 })).ErrorsFor("dueWithinDays")
            .ShouldBe(["must be from 1 to 365"]);

        var unknown = await Subscribe(new { scope = "working-group", scopeId = "nowhere", trigger = "turns-red" });
        unknown.Status.ShouldBe(400);
        unknown.ErrorsFor("scopeId").ShouldNotBeEmpty();
        (await Get("/api/subscriptions", ChairToken).View<ValueList<OwnSubscription>>()).ShouldBeEmpty("nothing was kept");
    }

    [Fact]
    public async Task A_workstream_turning_red_by_a_back_dated_assessment_is_told_once_with_the_events_that_caused_it()
    {
        await GivenContractsDue(Today.AddDays(60));
        foreach (var contract in new[] { "C-1", "C-2" })
            (await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = contract, occurredOn = Iso(Today) })).Status.ShouldBe(201);
        (await Subscribe(new { scope = "workstream", scopeId = "sopimukset", trigger = "turns-red" })).Status.ShouldBe(201);
        (await Subscribe(new { scope = "working-group", scopeId = "vate", trigger = "colour-changes" })).Status.ShouldBe(201);

        // Dated weeks back, recorded now: today's board turns red.
        (await Post("/api/workstreams/sopimukset/assessments", new { dimension = "risk", rag = "red", rationale = "Suppliers refuse", occurredOn = Iso(Today.AddDays(-20)) }))
            .Status.ShouldBe(201);

        var told = await NotificationsWhen(2);
        told.Count.ShouldBe(2);
        var red = told.Single(n => n.Trigger == "turns-red");
        (red.ScopeId, red.From, red.To, red.AsOf).ShouldBe(("sopimukset", "green", "red", Iso(Today)));
        var cause = red.Causes.ShouldHaveSingleItem();
        cause.WorkstreamId.ShouldBe("sopimukset");
        var decision = cause.Events.Decisions.ShouldHaveSingleItem();
        (decision.Type, decision.Text).ShouldBe(("StatusAssessed", "Suppliers refuse"));
        cause.Events.Posted.ShouldBeEmpty("the contract was posted before the subscription looked");
        var group = told.Single(n => n.Trigger == "colour-changes");
        (group.ScopeName, group.To).ShouldBe(("Group vate", "red"));

        // More events that change no colour tell nothing more, and the inbox is the owner's only.
        (await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = "C-3", occurredOn = Iso(Today) })).Status.ShouldBe(201);
        await Task.Delay(TimeSpan.FromSeconds(3));
        (await NotificationsWhen(3)).Count.ShouldBe(2);
        (await Get("/api/notifications", App.TokenFor("Another Chair", "chair")).View<ValueList<OwnNotification>>()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_due_date_passing_overnight_is_told_by_the_morning_look_with_no_event_at_all()
    {
        await GivenContractsDue(Today);
        (await Subscribe(new { scope = "organisation", scopeId = "837", trigger = "colour-changes" })).Status.ShouldBe(201);

        // Tomorrow morning: the look runs on tomorrow's clock; the inbox is read on today's, where the tokens are valid.
        await MorningLook(tomorrow: true);

        var told = (await NotificationsWhen(1)).Single();
        (told.From, told.To, told.AsOf).ShouldBe(("amber", "red", Iso(Today.AddDays(1))));
        var cause = told.Causes.ShouldHaveSingleItem();
        cause.Events.DueDatePassed.ShouldBeTrue();
        cause.Events.Posted.ShouldBeEmpty();

        await MorningLook(tomorrow: true);
        (await Get("/api/notifications", ChairToken).View<ValueList<OwnNotification>>()).Count.ShouldBe(1, "looking again tells nothing new");
    }

    [Fact]
    public async Task A_due_date_near_and_not_green_is_told_at_once_and_only_once()
    {
        await GivenContractsDue(Today.AddDays(10));
        (await Subscribe(new { scope = "working-group", scopeId = "hallinto", trigger = "due-soon", dueWithinDays = 14 })).Status.ShouldBe(201);

        var told = (await Get("/api/notifications", ChairToken).View<ValueList<OwnNotification>>()).ShouldHaveSingleItem();
        var due = told.Causes.ShouldHaveSingleItem();
        (due.WorkstreamId, due.DueDate).ShouldBe(("sopimukset", Iso(Today.AddDays(10))));

        await MorningLook();
        (await Get("/api/notifications", ChairToken).View<ValueList<OwnNotification>>()).Count.ShouldBe(1);
        (await Subscribe(new { scope = "working-group", scopeId = "hallinto", trigger = "due-soon", dueWithinDays = 5 })).Status.ShouldBe(201);
        (await Get("/api/notifications", ChairToken).View<ValueList<OwnNotification>>()).Count.ShouldBe(1, "ten days is not within five");
    }

    /// <summary>The morning look, as Wolverine's schedule runs it at 06:00: today's, or tomorrow's on a clock moved on a day.</summary>
    private async Task MorningLook(bool tomorrow = false)
    {
        using var scope = Host.Services.CreateScope();
        try
        {
            if (tomorrow) App.Clock.Advance(TimeSpan.FromDays(1));
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new MorningLook(Today));
        }
        finally
        {
            App.Clock.Thaw();
        }
    }
}
