using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

/// <summary>The API under test, over HTTP as any client reaches it.</summary>
public sealed class Api(string baseUrl, string token) : IDisposable
{
    public HttpClient Http { get; } = Client(baseUrl, token);

    private static HttpClient Client(string baseUrl, string token)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public static async Task Expect(HttpResponseMessage response, params HttpStatusCode[] accepted)
    {
        if (!accepted.Contains(response.StatusCode))
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>One GET read to its last byte, as a browser reads a board; its latency in milliseconds.</summary>
    public async Task<double> Read(string url)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await Http.GetAsync(url);
        await response.Content.ReadAsByteArrayAsync();
        await Expect(response, HttpStatusCode.OK);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    public void Dispose() => Http.Dispose();
}
