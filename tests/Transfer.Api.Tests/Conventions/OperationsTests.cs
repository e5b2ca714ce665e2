using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Conventions;

/// <summary>
/// What operators point their tools at, against a real API process: its traces and metrics by OTLP
/// when an endpoint is configured, and the probe command a container healthcheck runs.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OperationsTests(TransferAppFixture app) : IAsyncLifetime
{
    private readonly ApiProcesses processes = new(app, "transfer_telemetry");

    [Fact]
    public async Task Traces_and_metrics_of_a_board_read_reach_the_configured_collector()
    {
        // A stand-in collector: OTLP over HTTP posts protobuf to /v1/traces and /v1/metrics.
        var port = ApiProcesses.FreePort();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var received = new ConcurrentDictionary<string, string>();
        var listening = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                var context = await collector.GetContextAsync();
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                received.AddOrUpdate(context.Request.Url!.AbsolutePath, _ => Encoding.Latin1.GetString(body.ToArray()), (_, before) => before + Encoding.Latin1.GetString(body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });

        var node = await processes.Start("telemetry-node", new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{node.Url}/api/portfolio");
        request.Headers.Authorization = new("Bearer", app.TokenFor("Telemetry chair", "chair"));
        (await processes.Http.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var clock = Stopwatch.StartNew();
        while (!(received.TryGetValue("/v1/traces", out var traces) && traces.Contains("/api/portfolio") && traces.Contains("Npgsql")
                 && received.ContainsKey("/v1/metrics")) && clock.Elapsed < TimeSpan.FromSeconds(20))
            await Task.Delay(200);

        received.ShouldContainKey("/v1/traces");
        received["/v1/traces"].ShouldContain("/api/portfolio", customMessage: "the ASP.NET Core span of the board read");
        received["/v1/traces"].ShouldContain("Npgsql", customMessage: "the database spans under it");
        received.ShouldContainKey("/v1/metrics");
        collector.Stop();
    }

    [Fact]
    public async Task The_probe_command_says_whether_a_running_api_is_live_and_ready()
    {
        var node = await processes.Start("probed-node");

        var ready = await ApiProgram.Run(new Dictionary<string, string>(), "probe", "ready", "--url", node.Url);
        ready.ExitCode.ShouldBe(0, ready.Stderr);
        ready.Stdout.ShouldStartWith("200 Healthy");
        (await ApiProgram.Run(new Dictionary<string, string> { ["ASPNETCORE_URLS"] = node.Url.Replace("127.0.0.1", "+") }, "probe", "live")).ExitCode.ShouldBe(0);

        node.Process.Kill();
        await node.Process.WaitForExitAsync();
        var gone = await ApiProgram.Run(new Dictionary<string, string>(), "probe", "ready", "--url", node.Url);
        gone.ExitCode.ShouldBe(1);
        gone.Stderr.ShouldContain("did not answer");
    }

    public Task InitializeAsync() => processes.CreateDatabase();

    public async Task DisposeAsync() => await processes.DisposeAsync();
}
