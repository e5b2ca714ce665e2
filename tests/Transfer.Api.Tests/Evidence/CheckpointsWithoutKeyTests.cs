using System.Net;
using System.Text.Json;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Evidence;

/// <summary>A real API process started with no checkpoint signing key: it serves, the tree still grows, and what needs a key says why it cannot.</summary>
[Collection(ApiCollection.Name)]
public sealed class CheckpointsWithoutKeyTests(TransferAppFixture app) : IAsyncLifetime
{
    private readonly ApiProcesses nodes = new(app, "transfer_no_checkpoint_key");

    public Task InitializeAsync() => nodes.CreateDatabase();

    public async Task DisposeAsync() => await nodes.DisposeAsync();

    [Fact]
    public async Task Without_a_key_no_checkpoint_is_made_and_the_routes_that_need_one_answer_503_naming_the_setting()
    {
        var node = await nodes.Start("no-key");
        (await nodes.Post(node, "/api/working-groups", new { id = "hallinto", name = "Hallinto" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var auditor = app.TokenFor("Auditor without checkpoints", "auditor");

        async Task<HttpResponseMessage> Send(HttpMethod method, string path, string token)
        {
            using var request = new HttpRequestMessage(method, node.Url + path);
            request.Headers.Authorization = new("Bearer", token);
            return await nodes.Http.SendAsync(request);
        }
        foreach (var (method, path, token) in new[]
                 {
                     (HttpMethod.Get, "/api/audit/checkpoint", auditor),
                     (HttpMethod.Get, "/api/audit/evidence", auditor),
                     (HttpMethod.Post, "/api/audit/checkpoint", app.TokenFor("PMO without checkpoints", "pmo")),
                 })
        {
            var answer = await Send(method, path, token);
            answer.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, $"{method} {path}");
            JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!
                .ShouldContain("Checkpoints:SigningKeyFile", customMessage: $"{method} {path}");
        }
        (await (await Send(HttpMethod.Get, "/api/audit/public-key", auditor)).Content.ReadAsStringAsync()).ShouldBe("[]", "no key has signed");

        // The tree does not need the key: the event is provable once it is in.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        HttpResponseMessage proof;
        while ((proof = await Send(HttpMethod.Get, "/api/audit/proofs/inclusion?index=0&size=1", auditor)).StatusCode != HttpStatusCode.OK
               && waited.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(200);
        proof.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
