using Alba;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Verification;

public sealed class AuditChainHealthTests(TransferAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Health_says_degraded_while_events_wait_unchained_and_healthy_once_the_chain_catches_up()
    {
        await GivenContractsWorkstream();
        (await Health()).ShouldBe("Healthy");

        const string chain = "AuditChainSubscription:All";
        var daemon = Host.Services.GetRequiredService<Marten.Events.Daemon.Coordination.IProjectionCoordinator>().DaemonForMainDatabase();
        await daemon.StopAgentAsync(chain);
        try
        {
            (await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = "C-1", occurredOn = "2022-01-10" })).Status.ShouldBe(201);
            // As if they had waited a minute: the chain's agent is stopped, so nothing chains them meanwhile.
            await using (var command = Host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
                             "update transfer.mt_events set timestamp = timestamp - interval '1 minute'"))
                await command.ExecuteNonQueryAsync();

            var report = await Host.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>().CheckHealthAsync();
            (await Health()).ShouldBe("Degraded", string.Join("; ", report.Entries.Select(e => $"{e.Key}: {e.Value.Status} {e.Value.Description}")));
            (await Health("/health/ready")).ShouldBe("Degraded");
            (await HealthStatus("/health/ready")).ShouldBe(503, "not ready while the chain is stalled");
            (await HealthStatus("/health")).ShouldBe(200);
            (await Health("/health/live")).ShouldBe("Healthy");
        }
        finally
        {
            await daemon.StartAgentAsync(chain, CancellationToken.None);
        }
        // The agent restarts and chains the event within seconds.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await Health() != "Healthy" && clock.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(200);
        (await Health()).ShouldBe("Healthy");
    }

    private async Task<int> HealthStatus(string url)
    {
        var result = await Host.Scenario(s => { s.Get.Url(url); s.IgnoreStatusCode(); });
        return result.Context.Response.StatusCode;
    }

    private async Task<string> Health(string url = "/health")
    {
        var result = await Host.Scenario(s => { s.Get.Url(url); s.IgnoreStatusCode(); });
        return result.ReadAsText();
    }
}
