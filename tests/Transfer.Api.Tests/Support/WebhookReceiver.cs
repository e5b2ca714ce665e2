using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Transfer.Api.Tests.Support;

/// <summary>One request a webhook received: when, what, signed how, and what it answered.</summary>
public sealed record WebhookAttempt(DateTimeOffset At, byte[] Body, string? Signature, string? Delivery, int Answered);

/// <summary>
/// A webhook receiver on 127.0.0.1 for the delivery tests: Kestrel, answering each attempt with the status
/// <see cref="Answer"/> gives for its number (1 for the first), and keeping every attempt.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private int count;

    public ConcurrentQueue<WebhookAttempt> Attempts { get; } = new();

    /// <summary>The attempts begun, answered or not.</summary>
    public ConcurrentQueue<int> Started { get; } = new();

    /// <summary>The status to answer the attempt of this number with; 200 unless changed.</summary>
    public Func<int, int> Answer { get; set; } = _ => 200;

    /// <summary>What the attempt of this number waits for before it answers (a receiver that hangs): nothing unless changed.</summary>
    public Func<int, Task> Before { get; set; } = _ => Task.CompletedTask;

    public string Url { get; }

    private WebhookReceiver(WebApplication app)
    {
        this.app = app;
        Url = $"{app.Urls.Single()}/hook";
    }

    public static async Task<WebhookReceiver> Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            var number = Interlocked.Increment(ref receiver!.count);
            receiver.Started.Enqueue(number);
            await receiver.Before(number);
            var status = receiver.Answer(number);
            receiver.Attempts.Enqueue(new WebhookAttempt(DateTimeOffset.UtcNow, body.ToArray(),
                http.Request.Headers["X-Transfer-Signature"].FirstOrDefault(), http.Request.Headers["X-Transfer-Delivery"].FirstOrDefault(), status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        return receiver = new WebhookReceiver(app);
    }

    /// <summary>Waits until an attempt was answered with 2xx.</summary>
    public async Task<WebhookAttempt?> Delivered(TimeSpan patience)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < patience)
        {
            if (Attempts.FirstOrDefault(attempt => attempt.Answered is >= 200 and < 300) is { } delivered) return delivered;
            await Task.Delay(200);
        }
        return null;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
