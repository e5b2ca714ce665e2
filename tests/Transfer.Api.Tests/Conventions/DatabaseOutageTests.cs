using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Npgsql;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Conventions;

/// <summary>
/// The test server's PostgreSQL stopped for two seconds under a steady load of writes to a real API
/// process: while it is away, 503 with Retry-After and a problem (never 500), /health/ready unhealthy
/// and /health/live still healthy;
/// once it is back, the API serves again by itself, and every write it acknowledged is recorded.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DatabaseOutageTests(TransferAppFixture app) : IAsyncLifetime
{
    private readonly ApiProcesses processes = new(app, "transfer_outage");

    [Fact]
    public async Task While_the_database_is_down_writes_get_503_and_once_it_is_back_nothing_acknowledged_is_lost()
    {
        var node = await processes.Start("outage-node");
        (await processes.Post(node, "/api/organisations", new { id = "837", name = "Tampere", kind = "municipality" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await processes.Post(node, "/api/working-groups", new { id = "hallinto", name = "Hallinto" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await processes.Post(node, "/api/workstreams", new { id = "sopimukset", name = "Sopimukset", workingGroupId = "hallinto", category = "finance", startDate = "2021-09-01", dueDate = "2022-12-31" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        var acknowledged = new ConcurrentBag<string>();
        var answers = new ConcurrentBag<(HttpStatusCode Status, bool RetryAfter, string? ContentType, string Body)>();
        var healthDuringOutage = new ConcurrentBag<HttpStatusCode>();
        var livenessDuringOutage = new ConcurrentBag<HttpStatusCode>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var reference = $"W{writer}-{i}";
                try
                {
                    var answer = await processes.Post(node, "/api/workstreams/sopimukset/contracts",
                        new { organisationId = "837", contractRef = reference, occurredOn = "2022-01-10" }, idempotencyKey: reference);
                    answers.Add((answer.StatusCode, answer.Headers.RetryAfter is not null, answer.Content.Headers.ContentType?.MediaType,
                        answer.StatusCode == HttpStatusCode.ServiceUnavailable ? await answer.Content.ReadAsStringAsync() : ""));
                    if (answer.StatusCode == HttpStatusCode.Created) acknowledged.Add(reference);
                    else await Task.Delay(100);
                }
                catch (HttpRequestException) { }
            }
        })).ToList();

        await Task.Delay(1000);
        await PostgreSql("stop", "-m", "fast");
        var down = Stopwatch.StartNew();
        while (down.Elapsed < TimeSpan.FromSeconds(2))
        {
            healthDuringOutage.Add((await processes.Http.GetAsync($"{node.Url}/health/ready")).StatusCode);
            livenessDuringOutage.Add((await processes.Http.GetAsync($"{node.Url}/health/live")).StatusCode);
            await Task.Delay(200);
        }
        await PostgreSql("start");
        // The in-process test host's pooled connections died with the server.
        NpgsqlConnection.ClearAllPools();

        // Back by itself: writes succeed within 10 s of the database's return, with nothing restarted.
        var back = Stopwatch.StartNew();
        var before = acknowledged.Count;
        while (acknowledged.Count <= before + 4 && back.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(100);
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        answers.ShouldNotContain(answer => (int)answer.Status >= 500 && answer.Status != HttpStatusCode.ServiceUnavailable);
        answers.Where(answer => answer.Status == HttpStatusCode.ServiceUnavailable)
            .ShouldAllBe(answer => answer.RetryAfter && answer.ContentType == "application/problem+json");
        // A write cut off may have committed before its answer was lost: the answer claims nothing it cannot know.
        answers.Where(answer => answer.Status == HttpStatusCode.ServiceUnavailable && answer.Body.Contains("database"))
            .ShouldAllBe(answer => answer.Body.Contains("may or may not have been recorded") && answer.Body.Contains("same Idempotency-Key"));
        answers.ShouldContain(answer => answer.Status == HttpStatusCode.ServiceUnavailable, "some writes were sent while the database was down");
        healthDuringOutage.ShouldContain(HttpStatusCode.ServiceUnavailable);
        livenessDuringOutage.ShouldAllBe(status => status == HttpStatusCode.OK, "the process itself is alive: nothing to restart");
        (acknowledged.Count > before + 4).ShouldBeTrue("the API writes again within 10 s of the database's return");

        await using var command = processes.DataSource.CreateCommand(
            "select data->>'contractRef' from transfer.mt_events where stream_id = 'sopimukset' and type = 'contract_transferred'");
        var recorded = new HashSet<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) recorded.Add(reader.GetString(0));
        acknowledged.Where(reference => !recorded.Contains(reference)).ShouldBeEmpty("every acknowledged write is recorded");
    }

    /// <summary>Runs pg_ctl on the test server (scripts/test.sh says where it is), as the server's owner.</summary>
    private static async Task PostgreSql(string action, params string[] arguments)
    {
        var data = Environment.GetEnvironmentVariable("TRANSFER_TEST_PG_DATA")
            ?? throw new InvalidOperationException("Run through scripts/test.sh, which says where its PostgreSQL keeps its data (TRANSFER_TEST_PG_DATA).");
        var pgCtl = Path.Combine(Environment.GetEnvironmentVariable("TRANSFER_TEST_PG_BIN")!, "pg_ctl");
        // Started again with the options it was started with, which the server keeps in postmaster.opts.
        var options = action == "start" ? OptionsOf(await File.ReadAllTextAsync(Path.Combine(data, "postmaster.opts"))) : [];
        string[] command = [pgCtl, action, "-D", data, "-w", .. arguments, .. options.Length > 0 ? new[] { "-l", Path.Combine(data, "server.log"), "-o", string.Join(' ', options) } : []];
        var start = Environment.UserName == "root"
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", .. command])
            : new ProcessStartInfo(command[0], command[1..]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, await process.StandardError.ReadToEndAsync());
    }

    /// <summary>The server's command-line options from postmaster.opts ("/path/postgres" "-D" "..." "-c" "x=y" ...), without the program and its data folder.</summary>
    private static string[] OptionsOf(string postmasterOpts)
    {
        var parts = System.Text.RegularExpressions.Regex.Matches(postmasterOpts, "\"([^\"]*)\"").Select(match => match.Groups[1].Value).ToList();
        var dataAt = parts.IndexOf("-D");
        if (dataAt >= 0) parts.RemoveRange(dataAt, 2);
        return [.. parts.Select(part => part.Contains(' ') ? $"'{part}'" : part)];
    }

    public Task InitializeAsync() => processes.CreateDatabase();

    public async Task DisposeAsync() => await processes.DisposeAsync();
}
