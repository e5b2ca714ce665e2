using System.Diagnostics;
using System.Net;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Verification;

/// <summary>
/// API processes killed as kill -9 kills: the audit chain, run by whichever node holds the async
/// daemon's leadership, goes on within ten seconds.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class NodeCrashTests(TransferAppFixture app) : IAsyncLifetime
{
    private static readonly TimeSpan TakeOver = TimeSpan.FromSeconds(10);
    private const string Database = "transfer_node_crash";
    private readonly ApiProcesses processes = new(app, Database);

    [Fact]
    public async Task When_the_node_running_the_chain_dies_the_other_takes_over_and_a_restarted_node_resumes_within_ten_seconds()
    {
        // One at a time: the first creates the schema in the empty database.
        var a = await processes.Start("node-a");
        var b = await processes.Start("node-b");
        await Register(a, "first");
        await ChainedWithin(TimeSpan.FromSeconds(30));

        var leader = await Leader();
        leader.ShouldNotBeNull("one node holds the daemon's leadership");
        var (dead, survivor) = leader == a.Name ? (a, b) : (b, a);
        dead.Process.Kill();
        await Register(survivor, "after-the-crash");
        await ChainedWithin(TakeOver);

        survivor.Process.Kill();
        var restarted = await processes.Start("node-c");
        await Register(restarted, "after-the-restart");
        await ChainedWithin(TakeOver);
    }

    private async Task Register(ApiNode node, string id) =>
        (await processes.Post(node, "/api/organisations", new { id, name = id, kind = "municipality" })).StatusCode.ShouldBe(HttpStatusCode.Created);

    /// <summary>Every event recorded so far is chained within the time given.</summary>
    private async Task ChainedWithin(TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await using var command = processes.DataSource.CreateCommand(
                "select (select coalesce(max(seq_id), 0) from transfer.mt_events) - (select coalesce(max(id), 0) from transfer.mt_doc_auditchainlink)");
            if ((long)(await command.ExecuteScalarAsync())! <= 0) return;
            clock.Elapsed.ShouldBeLessThan(limit, "events were left unchained");
            await Task.Delay(200);
        }
    }

    /// <summary>The node whose session holds the daemon's advisory lock, by the application name it connects with.</summary>
    private async Task<string?> Leader()
    {
        await using var command = processes.DataSource.CreateCommand("""
            select a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'advisory' and l.granted and a.datname = @database and a.application_name like 'node-%'
            limit 1
            """);
        command.Parameters.AddWithValue("database", Database);
        return await command.ExecuteScalarAsync() as string;
    }

    public Task InitializeAsync() => processes.CreateDatabase();

    public async Task DisposeAsync() => await processes.DisposeAsync();
}
