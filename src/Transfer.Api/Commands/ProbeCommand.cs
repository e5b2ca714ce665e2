using JasperFx.CommandLine;

namespace Transfer.Api.Commands;

public sealed class ProbeInput
{
    [Description("Which check: live (the process answers) or ready (the database and the audit chain keep up)")]
    public string Check { get; set; } = "ready";

    [Description("The API's address; by default the first of ASPNETCORE_URLS, on this machine")]
    [FlagAlias("url", 'u')]
    public string? UrlFlag { get; set; }
}

/// <summary>
/// Asks a running API for /health/live or /health/ready and exits 0 when it answers 200, else 1: a
/// container healthcheck for an image that has the .NET runtime but no HTTP client of its own.
/// </summary>
[Description("Asks a running API whether it is live or ready; exits 0 if so, 1 if not", Name = "probe")]
public sealed class ProbeCommand : JasperFxAsyncCommand<ProbeInput>
{
    public override async Task<bool> Execute(ProbeInput input)
    {
        if (input.Check is not ("live" or "ready"))
        {
            await Console.Error.WriteLineAsync("The check must be live or ready.");
            return false;
        }
        var url = (input.UrlFlag ?? LocalUrl()).TrimEnd('/');
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var answer = await http.GetAsync($"{url}/health/{input.Check}");
            await Console.Out.WriteLineAsync($"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            return answer.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"{url} did not answer: {e.Message}");
            return false;
        }
    }

    /// <summary>The first listen address, with a wildcard host ("http://+:8080") read as this machine.</summary>
    private static string LocalUrl()
    {
        var first = (Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? "http://127.0.0.1:5080").Split(';')[0];
        return first.Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1").Replace("://0.0.0.0", "://127.0.0.1");
    }
}
