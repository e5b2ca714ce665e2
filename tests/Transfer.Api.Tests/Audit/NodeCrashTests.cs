using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Npgsql;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Audit;

/// <summary>
/// Real API processes on a database of their own (the in-process test host must not take part in the
/// election), killed as kill -9 kills: the audit chain, run by whichever node holds the async daemon's
/// leadership, goes on within ten seconds.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class NodeCrashTests(TransferAppFixture app) : IAsyncLifetime
{
    private static readonly TimeSpan TakeOver = TimeSpan.FromSeconds(10);
    private const string Database = "transfer_node_crash";
    private readonly List<Process> nodes = [];
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task When_the_node_running_the_chain_dies_the_other_takes_over_and_a_restarted_node_resumes_within_ten_seconds()
    {
        // One at a time: the first creates the schema in the empty database.
        var a = StartNode("node-a");
        await Ready(a);
        var b = StartNode("node-b");
        await Ready(b);
        await Register(a, "first");
        await ChainedWithin(TimeSpan.FromSeconds(30));

        var leader = await Leader();
        leader.ShouldNotBeNull("one node holds the daemon's leadership");
        var (dead, survivor) = leader == "node-a" ? (a, b) : (b, a);
        dead.Process.Kill();
        await Register(survivor, "after-the-crash");
        await ChainedWithin(TakeOver);

        survivor.Process.Kill();
        var restarted = StartNode("node-c");
        await Ready(restarted);
        await Register(restarted, "after-the-restart");
        await ChainedWithin(TakeOver);
    }

    private sealed record Node(Process Process, string Url);

    private Node StartNode(string name)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__Transfer"] = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = Database, ApplicationName = name }.ConnectionString;
        start.Environment["Auth__SigningKey"] = app.SigningKey;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        nodes.Add(process);
        return new Node(process, $"http://127.0.0.1:{port}");
    }

    private async Task Ready(Node node)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                if ((await http.GetAsync($"{node.Url}/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{node.Url} did not start");
    }

    private async Task Register(Node node, string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{node.Url}/api/organisations")
        {
            Content = JsonContent.Create(new { id, name = id, kind = "municipality" }),
        };
        request.Headers.Authorization = new("Bearer", app.TokenFor("Crash test PMO", "pmo"));
        (await http.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    /// <summary>Every event recorded so far is chained within the time given.</summary>
    private async Task ChainedWithin(TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await using var command = DataSource().CreateCommand(
                "select (select coalesce(max(seq_id), 0) from transfer.mt_events) - (select coalesce(max(id), 0) from transfer.mt_doc_auditchainlink)");
            if ((long)(await command.ExecuteScalarAsync())! <= 0) return;
            clock.Elapsed.ShouldBeLessThan(limit, "events were left unchained");
            await Task.Delay(200);
        }
    }

    /// <summary>The node whose session holds the daemon's advisory lock, by the application name it connects with.</summary>
    private async Task<string?> Leader()
    {
        await using var command = DataSource().CreateCommand("""
            select a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'advisory' and l.granted and a.datname = @database and a.application_name like 'node-%'
            limit 1
            """);
        command.Parameters.AddWithValue("database", Database);
        return await command.ExecuteScalarAsync() as string;
    }

    private NpgsqlDataSource? dataSource;

    private NpgsqlDataSource DataSource() =>
        dataSource ??= NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(ConnectionString) { Database = Database }.ConnectionString);

    private static string ConnectionString => Environment.GetEnvironmentVariable("ConnectionStrings__Transfer")
        ?? throw new InvalidOperationException("Run through scripts/test.sh, which starts PostgreSQL and sets ConnectionStrings__Transfer.");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task InitializeAsync()
    {
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        await using (var drop = new NpgsqlCommand($"drop database if exists {Database} with (force)", admin)) await drop.ExecuteNonQueryAsync();
        await using (var create = new NpgsqlCommand($"create database {Database}", admin)) await create.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var node in nodes.Where(node => !node.HasExited)) node.Kill();
        foreach (var node in nodes) await node.WaitForExitAsync();
        if (dataSource is not null) await dataSource.DisposeAsync();
        http.Dispose();
    }
}
