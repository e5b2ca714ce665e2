using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Transfer.Api.Security;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Counties;

/// <summary>
/// Two API processes serving two counties (Pirkanmaa in the main database, Satakunta in its own) take
/// writes together; the node chaining the main database is killed, as kill -9 kills, in the middle of
/// them: the other takes the chaining over, and each county's chain stays single, gapless and intact,
/// with every acknowledged write in it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CountyNodesTests(TransferAppFixture app) : IAsyncLifetime
{
    private static readonly TimeSpan TakeOver = TimeSpan.FromSeconds(10);
    private readonly ApiProcesses main = new(app, "transfer_nodes");
    private readonly ApiProcesses own = new(app, "transfer_nodes_satakunta");
    private readonly string[] counties = ["pirkanmaa", "satakunta"];

    [Fact]
    public async Task Two_nodes_write_for_two_counties_and_when_the_chaining_node_dies_the_other_chains_on_with_nothing_lost()
    {
        var settings = new Dictionary<string, string>
        {
            ["Counties__pirkanmaa__Name"] = "Pirkanmaa",
            ["Counties__satakunta__Name"] = "Satakunta",
            ["Counties__satakunta__ConnectionString"] = own.ConnectionString,
        };
        // One at a time: the first creates the schemas in the empty databases.
        var a = await main.Start("node-a", settings);
        var b = await main.Start("node-b", settings);

        var acknowledged = new ConcurrentDictionary<string, ConcurrentBag<string>>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var county = counties[(writer + n) % 2];
                var node = (writer + n / 2) % 2 == 0 ? a : b;
                var id = $"o-{writer}-{n}";
                try
                {
                    var response = await main.Post(node, "/api/organisations", new { id, name = id, kind = "municipality" }, token: Pmo(county));
                    if (response.StatusCode == HttpStatusCode.Created) acknowledged.GetOrAdd(county, _ => []).Add(id);
                }
                // The node that was killed: .NET's HttpClient reports a connection torn down while it opens as a bare SocketException.
                catch (Exception refused) when (refused is HttpRequestException or System.Net.Sockets.SocketException) { }
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(3));
        var leader = await Leader();
        leader.ShouldNotBeNull("one node chains the main database");
        var (dead, survivor) = leader == a.Name ? (a, b) : (b, a);
        dead.Process.Kill();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await Task.WhenAll(load);

        foreach (var county in counties)
        {
            acknowledged[county].Count.ShouldBeGreaterThan(20, $"{county} took writes throughout");
            await ChainedWithin(county, TakeOver);
            var (events, links, organisations) = await Counted(county);
            links.ShouldBe(events, $"{county}: one link per event, no more, no fewer");
            acknowledged[county].Where(id => !organisations.Contains(id)).ShouldBeEmpty($"{county}: every acknowledged write was kept");
            using var verify = new HttpRequestMessage(HttpMethod.Get, $"{survivor.Url}/api/audit/verify");
            verify.Headers.Authorization = new("Bearer", Token(county, "auditor"));
            var report = await (await main.Http.SendAsync(verify)).Content.ReadAsStringAsync();
            report.ShouldContain("\"intact\":true", customMessage: $"{county}: {report}");
        }
    }

    private string Pmo(string county) => Token(county, "pmo");

    private string Token(string county, string role) =>
        app.Host.Services.GetRequiredService<TokenIssuer>().Issue($"Process test {role}", [role], TimeSpan.FromHours(1), county);

    private NpgsqlDataSource DatabaseOf(string county) => county == "satakunta" ? own.DataSource : main.DataSource;

    /// <summary>The county's events, chain links and registered organisation ids, as its database holds them.</summary>
    private async Task<(long Events, long Links, HashSet<string> Organisations)> Counted(string county)
    {
        var tenant = county;
        await using var command = DatabaseOf(county).CreateCommand("""
            select (select count(*) from transfer.mt_events where tenant_id = @tenant),
                   (select count(*) from transfer.mt_doc_auditchainlink where tenant_id = @tenant),
                   (select array_agg(id) from transfer.mt_doc_organisation where tenant_id = @tenant)
            """);
        command.Parameters.AddWithValue("tenant", tenant);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? [] : reader.GetFieldValue<string[]>(2).ToHashSet());
    }

    /// <summary>Every event of the county recorded so far is chained within the time given.</summary>
    private async Task ChainedWithin(string county, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (events, links, _) = await Counted(county);
            if (links >= events) return;
            clock.Elapsed.ShouldBeLessThan(limit, $"{county}'s events were left unchained");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// A node holding a leadership lock on the main database, by the application name it connects with:
    /// Marten's daemon lock (the chainer's) or Wolverine's, both small integers (classid 0) held by a
    /// session that writes nothing, as Marten itself tells its own lock apart; the writes' locks are
    /// 64-bit hashes of their names. With two nodes the first to start usually holds both.
    /// </summary>
    private async Task<string?> Leader()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await using var command = main.DataSource.CreateCommand("""
                select a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
                where l.locktype = 'advisory' and l.granted and l.classid = 0 and a.backend_xid is null
                  and a.datname = 'transfer_nodes' and a.application_name like 'node-%'
                limit 1
                """);
            if (await command.ExecuteScalarAsync() is string leader) return leader;
            await Task.Delay(200);
        }
        return null;
    }

    public async Task InitializeAsync()
    {
        await main.CreateDatabase();
        await own.CreateDatabase();
    }

    public async Task DisposeAsync()
    {
        await main.DisposeAsync();
        await own.DisposeAsync();
    }
}
