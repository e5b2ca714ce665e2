using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Conventions;

/// <summary>
/// Clients that start the whole event log as CSV and then stop reading, against a real API process
/// (the in-process test server buffers whole responses, so only a real socket pushes back).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SlowExportTests(TransferAppFixture app) : IAsyncLifetime
{
    private readonly ApiProcesses processes = new(app, "transfer_slow_export");

    [Fact]
    public async Task Exports_nobody_reads_hold_no_database_connection()
    {
        var node = await processes.Start("export-node");
        // Some 96,000 events, a CSV of about 30 MB: far more than the sockets between the database, the API and the client buffer.
        await processes.Run("seed-scale", "--factor", "40");

        // Two clients send the request and never read the answer: the server soon cannot write any more.
        var uri = new Uri(node.Url);
        var clients = new List<TcpClient>();
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var client = new TcpClient();
            client.ReceiveBufferSize = 4096;
            await client.ConnectAsync(uri.Host, uri.Port);
            var request = $"GET /api/audit/events?format=csv HTTP/1.1\r\nHost: {uri.Authority}\r\nAuthorization: Bearer {app.TokenFor("Slow auditor", "auditor")}\r\n\r\n";
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(request));
            clients.Add(client);
        }
        // Each export started: the server answered 200 before its body filled the sockets (a few bytes read, no more).
        foreach (var client in clients)
        {
            var head = new byte[12];
            var read = 0;
            while (read < head.Length) read += await client.GetStream().ReadAsync(head.AsMemory(read));
            Encoding.ASCII.GetString(head).ShouldBe("HTTP/1.1 200");
        }
        await Task.Delay(2000);

        await using var command = processes.DataSource.CreateCommand("""
            select count(*) from pg_stat_activity
            where datname = current_database() and state <> 'idle' and query like '%from transfer.mt_events where seq_id%' and pid <> pg_backend_pid()
            """);
        ((long)(await command.ExecuteScalarAsync())!).ShouldBe(0, "a stalled export holds a database session");

        // Meanwhile everyone else is served.
        var clock = Stopwatch.StartNew();
        (await processes.Http.GetAsync($"{node.Url}/health")).IsSuccessStatusCode.ShouldBeTrue();
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        foreach (var client in clients) client.Dispose();
    }

    public Task InitializeAsync() => processes.CreateDatabase();

    public async Task DisposeAsync() => await processes.DisposeAsync();
}
