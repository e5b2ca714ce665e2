using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Npgsql;

namespace Transfer.Api.Tests.Support;

/// <summary>One API process, as the run command starts it, at its own address.</summary>
public sealed record ApiNode(string Name, Process Process, string Url);

/// <summary>
/// Real API processes on a database of their own, for what only a real process shows (a crash, a
/// lost database). The in-process test host keeps its own database, so it never takes part.
/// </summary>
public sealed class ApiProcesses(TransferAppFixture app, string database) : IAsyncDisposable
{
    private readonly List<Process> started = [];
    private NpgsqlDataSource? dataSource;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The processes' database, emptied.</summary>
    public async Task CreateDatabase()
    {
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestConnectionString) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        await using (var drop = new NpgsqlCommand($"drop database if exists {database} with (force)", admin)) await drop.ExecuteNonQueryAsync();
        await using (var create = new NpgsqlCommand($"create database {database}", admin)) await create.ExecuteNonQueryAsync();
    }

    /// <summary>Runs one of the API's commands (seed-scale, say) against the processes' database, and waits for it.</summary>
    public async Task Run(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await ApiProgram.Run(new Dictionary<string, string>
        {
            ["ConnectionStrings__Transfer"] = new NpgsqlConnectionStringBuilder(TestConnectionString) { Database = database }.ConnectionString,
            ["Auth__SigningKey"] = app.SigningKey,
        }, arguments);
        exitCode.ShouldBe(0, stdout + stderr);
    }

    /// <summary>Starts a node connecting as <paramref name="name"/> (its application name in PostgreSQL) and waits until it answers /health.</summary>
    /// <param name="environment">More settings for this node.</param>
    public async Task<ApiNode> Start(string name, IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var start = Configure(new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location]), name);
        foreach (var (setting, value) in environment ?? new Dictionary<string, string>()) start.Environment[setting] = value;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        started.Add(process);

        var node = new ApiNode(name, process, $"http://127.0.0.1:{port}");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                if ((await Http.GetAsync($"{node.Url}/health")).StatusCode == HttpStatusCode.OK) return node;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{name} did not start");
    }

    /// <summary>The processes' database, connected to as <paramref name="name"/>, and the test host's signing key.</summary>
    private ProcessStartInfo Configure(ProcessStartInfo start, string name)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["ConnectionStrings__Transfer"] =
            new NpgsqlConnectionStringBuilder(TestConnectionString) { Database = database, ApplicationName = name }.ConnectionString;
        start.Environment["Auth__SigningKey"] = app.SigningKey;
        return start;
    }

    /// <summary>Sends a request as the PMO (of the installation's one county unless another token is given).</summary>
    public async Task<HttpResponseMessage> Post(ApiNode node, string path, object body, string? idempotencyKey = null, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{node.Url}{path}") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", token ?? app.TokenFor("Process test PMO", "pmo"));
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await Http.SendAsync(request);
    }

    /// <summary>The connection string of the processes' database.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(TestConnectionString) { Database = database }.ConnectionString;

    /// <summary>The processes' database, for checking what they recorded.</summary>
    public NpgsqlDataSource DataSource =>
        dataSource ??= NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(TestConnectionString) { Database = database }.ConnectionString);

    public static string TestConnectionString => Environment.GetEnvironmentVariable("ConnectionStrings__Transfer")
        ?? throw new InvalidOperationException("Run through scripts/test.sh, which starts PostgreSQL and sets ConnectionStrings__Transfer.");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in started.Where(process => !process.HasExited)) process.Kill();
        foreach (var process in started) await process.WaitForExitAsync();
        if (dataSource is not null) await dataSource.DisposeAsync();
        Http.Dispose();
    }
}
