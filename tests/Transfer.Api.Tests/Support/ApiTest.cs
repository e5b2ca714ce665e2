using System.Text.Json;
using Alba;
using Marten;
using Marten.Events;
using Transfer.Api.Hosting;

namespace Transfer.Api.Tests.Support;

/// <summary>Base of every API test: a clean database, and requests that read like the PMO's story.</summary>
[Collection(ApiCollection.Name)]
public abstract class ApiTest(TransferAppFixture app) : IAsyncLifetime
{
    protected TransferAppFixture App { get; } = app;
    protected IAlbaHost Host => App.Host;

    /// <summary>Today in Helsinki by the API's clock: the business day the API decides on.</summary>
    protected DateOnly Today => TestClock.HelsinkiDate(App.Clock.GetUtcNow());

    /// <summary>A day as the API's fields take it.</summary>
    protected static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    protected string PmoToken => App.TokenFor("PMO Test", "pmo");
    protected string ChairToken => App.TokenFor("Chair Test", "chair");
    protected string AuditorToken => App.TokenFor("Auditor Test", "auditor");

    /// <summary>A clean database and a running clock for every test; the async daemon is paused while the database is wiped.</summary>
    public Task InitializeAsync()
    {
        App.Clock.Thaw();
        return Host.ResetAllTransferData();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    protected Task<Response> Post(string url, object body, string? token = null, params (string Name, string Value)[] headers) =>
        Send(HttpMethod.Post, url, body, token, headers);

    protected Task<Response> Put(string url, object body, string? token = null, params (string Name, string Value)[] headers) =>
        Send(HttpMethod.Put, url, body, token, headers);

    protected Task<Response> Get(string url, string? token = null) => Send(HttpMethod.Get, url, null, token, []);

    protected Task<Response> Delete(string url, string? token = null) => Send(HttpMethod.Delete, url, null, token, []);

    /// <summary>Sends a request as the PMO unless another token is given; "" sends none.</summary>
    protected async Task<Response> Send(HttpMethod method, string url, object? body, string? token, (string Name, string Value)[] headers)
    {
        var result = await Host.Scenario(s =>
        {
            if (method == HttpMethod.Get) s.Get.Url(url);
            else if (method == HttpMethod.Delete) s.Delete.Url(url);
            else if (body is string raw && method == HttpMethod.Put) s.Put.Text(raw).ToUrl(url);
            else if (body is string raw2) s.Post.Text(raw2).ToUrl(url);
            else if (method == HttpMethod.Put) s.Put.Json(body!, JsonStyle.MinimalApi).ToUrl(url);
            else s.Post.Json(body!, JsonStyle.MinimalApi).ToUrl(url);
            if (body is string) s.WithRequestHeader("Content-Type", "application/json");
            token ??= PmoToken;
            if (token.Length > 0) s.WithBearerToken(token);
            foreach (var (name, value) in headers) s.WithRequestHeader(name, value);
            s.IgnoreStatusCode();
        });
        return new Response(result);
    }

    /// <summary>How many events the stream holds, read straight from the event store.</summary>
    protected async Task<int> EventCount(string streamKey)
    {
        await using var session = App.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(streamKey)).Count;
    }

    // The story's cast and places: Tampere and PSHP, under VATE's administration section.
    protected async Task GivenOrganisations(params string[] ids)
    {
        foreach (var id in ids)
            (await Post("/api/organisations", new { id, name = $"Organisation {id}", kind = "municipality" })).Status.ShouldBe(201);
    }

    protected async Task GivenWorkingGroup(string id, string? parentId = null) =>
        (await Post("/api/working-groups", new { id, name = $"Group {id}", parentId })).Status.ShouldBe(201);

    protected async Task GivenWorkstream(string id, string workingGroupId = "hallinto", string startDate = "2021-09-01", string dueDate = "2022-01-31")
    {
        (await Post("/api/workstreams", new { id, name = $"Workstream {id}", workingGroupId, category = "administration", startDate, dueDate }))
            .Status.ShouldBe(201);
    }

    /// <summary>Tampere (837) and PSHP registered, VATE with its administration section, and the contracts workstream.</summary>
    protected async Task GivenContractsWorkstream()
    {
        await GivenOrganisations("837", "pshp");
        await GivenWorkingGroup("vate");
        await GivenWorkingGroup("hallinto", "vate");
        await GivenWorkstream("sopimukset");
    }

    /// <summary>
    /// Two organisations' contracts, two each, due 31.1.2022: 837 done by 25.11.2021; pshp's one contract posted 1.12. and
    /// retracted 8.12.; the due date moved to 15.2.2022 on 15.12.; risk assessed red on 20.12.
    /// </summary>
    protected async Task GivenAContractsHistory()
    {
        await GivenContractsWorkstream();
        (await Put("/api/workstreams/sopimukset/targets", new
        {
            occurredOn = "2021-09-01",
            targets = new[] { new { organisationId = "837", kind = "contract", expected = 2 }, new { organisationId = "pshp", kind = "contract", expected = 2 } },
        })).Status.ShouldBe(200);
        (await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = "C-1", occurredOn = "2021-10-10" })).Status.ShouldBe(201);
        (await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = "C-2", occurredOn = "2021-11-25" })).Status.ShouldBe(201);
        (await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "pshp", contractRef = "P-1", occurredOn = "2021-12-01" })).Status.ShouldBe(201);
        (await Post("/api/workstreams/sopimukset/retractions", new { kind = "contract", organisationId = "pshp", @ref = "P-1", reason = "Posted twice", occurredOn = "2021-12-08" }))
            .Status.ShouldBe(201);
        (await Post("/api/workstreams/sopimukset/reschedule", new { dueDate = "2022-02-15", reason = "Tampere a week late", occurredOn = "2021-12-15" })).Status.ShouldBe(200);
        (await Post("/api/workstreams/sopimukset/assessments", new { dimension = "risk", rag = "red", rationale = "Hospital district behind", occurredOn = "2021-12-20" }))
            .Status.ShouldBe(201);
    }
}

public sealed class Response(IScenarioResult result)
{
    public int Status => result.Context.Response.StatusCode;
    public string ContentType => result.Context.Response.ContentType ?? "";
    public string? Header(string name) => result.Context.Response.Headers.TryGetValue(name, out var value) ? value.ToString() : null;
    public string Text => text ??= result.ReadAsText();
    public JsonElement Json => JsonDocument.Parse(Text).RootElement;
    public T As<T>() => JsonSerializer.Deserialize<T>(Text, TransferJson.Options)!;

    /// <summary>The messages of a 400's errors object for one field.</summary>
    public string[] ErrorsFor(string field) =>
        Json.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var messages)
            ? messages.EnumerateArray().Select(m => m.GetString()!).ToArray()
            : [];

    private string? text;

    public override string ToString() => $"{Status} {Text}";
}
