using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;

namespace Transfer.Api.Boards;

/// <summary>The newest event of a county: a board changes when this does.</summary>
public sealed record BoardChange(long Sequence, DateTimeOffset RecordedAt);

/// <summary>
/// Tells open dashboards when their county's boards change. One poll per node of each county's newest
/// event, every second, however many dashboards are open (no polling storm from the browsers); each open
/// dashboard holds one Server-Sent Events stream (<see cref="Stream"/>), which costs no database
/// connection. Hand-written polling because PostgreSQL's LISTEN/NOTIFY would need a trigger on Marten's
/// event table, which Marten manages.
/// </summary>
public sealed class BoardChanges(CountyCatalog counties, CountyStores stores, ILogger<BoardChanges> logger) : BackgroundService
{
    public static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, BoardChange> latest = new();
    private event Action<string>? Changed;

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            foreach (var county in counties.All)
            {
                try
                {
                    await using var command = stores.Database(county).CreateCommand(
                        $"select seq_id, timestamp from {MartenSetup.Schema}.mt_events where tenant_id = @tenant order by seq_id desc limit 1");
                    command.Parameters.AddWithValue("tenant", county.TenantId);
                    await using var reader = await command.ExecuteReaderAsync(stopping);
                    if (!await reader.ReadAsync(stopping)) continue;
                    var now = new BoardChange(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1));
                    if (latest.TryGetValue(county.Id, out var before) && before == now) continue;
                    latest[county.Id] = now;
                    Changed?.Invoke(county.Id);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The database is away (or the schema not made yet): the boards cannot change meanwhile either.
                    logger.LogDebug(e, "Could not read {County}'s newest event", county.Id);
                }
            }
            await Task.Delay(PollEvery, stopping);
        }
    }

    /// <summary>A Server-Sent Events stream of the county's changes: its newest event now, then each newer one, until the client goes.</summary>
    public IResult Stream(County county) => new ChangeStream(this, county);

    private sealed class ChangeStream(BoardChanges changes, County county) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
            void OnChange(string countyId) { if (countyId == county.Id) signal.Writer.TryWrite(true); }
            changes.Changed += OnChange;
            try
            {
                http.Response.ContentType = "text/event-stream";
                http.Response.Headers.CacheControl = "no-cache";
                http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
                var aborted = http.RequestAborted;
                BoardChange? sent = null;
                while (!aborted.IsCancellationRequested)
                {
                    if (changes.latest.TryGetValue(county.Id, out var now) && now != sent)
                    {
                        await http.Response.WriteAsync($"event: changed\ndata: {JsonSerializer.Serialize(now, TransferJson.Options)}\n\n", aborted);
                        sent = now;
                    }
                    else await http.Response.WriteAsync(": still here\n\n", aborted);
                    await http.Response.Body.FlushAsync(aborted);
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                    wait.CancelAfter(Heartbeat);
                    try { await signal.Reader.ReadAsync(wait.Token); }
                    catch (OperationCanceledException) when (!aborted.IsCancellationRequested) { } // the heartbeat
                }
            }
            catch (OperationCanceledException) { } // the dashboard went away
            finally
            {
                changes.Changed -= OnChange;
            }
        }
    }
}
