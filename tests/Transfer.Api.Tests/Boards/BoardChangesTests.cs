using Marten;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Boards;

/// <summary>An open dashboard's change stream: the county's newest event at once, then each newer one within seconds.</summary>
public sealed class BoardChangesTests(TransferAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task The_change_stream_names_the_newest_event_then_each_new_one_within_seconds()
    {
        await GivenContractsWorkstream();
        using var http = Host.Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", ChairToken);
        using var response = await http.GetAsync("/api/boards/changes", HttpCompletionOption.ResponseHeadersRead);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync());

        // The stream names the county's newest event as the server last saw it; within a second or two that is the store's.
        await using var query = App.Store.QuerySession();
        var newest = (await query.AdvancedSql.QueryAsync<long>("select coalesce(max(seq_id), 0) from transfer.mt_events", CancellationToken.None)).Single();
        while ((await NextChange(stream)).Sequence != newest) { }

        (await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = "C-1", occurredOn = "2022-01-28" })).Status.ShouldBe(201);
        var next = await NextChange(stream);

        next.Sequence.ShouldBeGreaterThan(newest);
    }

    [Fact]
    public async Task One_person_holds_a_few_streams_at_most_and_others_still_get_theirs()
    {
        await GivenContractsWorkstream();
        var streams = new List<HttpResponseMessage>();
        try
        {
            var chair = ChairToken;
            for (var i = 0; i < Hosting.RequestLimits.StreamsPerPerson; i++)
            {
                var open = await Stream(chair);
                open.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, $"stream {i + 1}");
                streams.Add(open);
            }
            var refused = await Stream(chair);
            refused.StatusCode.ShouldBe(System.Net.HttpStatusCode.TooManyRequests);
            refused.Headers.RetryAfter.ShouldNotBeNull();
            (await refused.Content.ReadAsStringAsync()).ShouldContain("live streams are open for one person");

            var another = await Stream(App.TokenFor("Another chair", "chair"));
            another.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, "the cap is each person's, not everyone's");
            streams.Add(another);

            streams[0].Dispose();
            streams.RemoveAt(0);
            await Task.Delay(500);
            var again = await Stream(chair);
            again.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, "a stream closed frees its place");
            streams.Add(again);
        }
        finally
        {
            foreach (var stream in streams) stream.Dispose();
        }
    }

    private async Task<HttpResponseMessage> Stream(string token)
    {
        var http = Host.Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return await http.GetAsync("/api/boards/changes", HttpCompletionOption.ResponseHeadersRead);
    }

    [Fact]
    public async Task Without_a_token_there_is_no_stream()
    {
        using var http = Host.Server.CreateClient();
        (await http.GetAsync("/api/boards/changes", HttpCompletionOption.ResponseHeadersRead)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
    }

    /// <summary>The data of the next 'changed' event, within ten seconds.</summary>
    private static async Task<BoardChange> NextChange(StreamReader stream)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var changed = false;
        while (await stream.ReadLineAsync(limit.Token) is { } line)
        {
            if (line == "event: changed") changed = true;
            else if (changed && line.StartsWith("data: ", StringComparison.Ordinal))
                return System.Text.Json.JsonSerializer.Deserialize<BoardChange>(line["data: ".Length..], WireJson.Options)!;
        }
        throw new InvalidOperationException("The stream ended.");
    }
}
