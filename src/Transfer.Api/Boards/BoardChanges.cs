using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Transfer.Api.Counties;

namespace Transfer.Api.Boards;

/// <summary>The newest event of a county: a board changes when this does.</summary>
public sealed record BoardChange(long Sequence, DateTimeOffset RecordedAt);

/// <summary>
/// Tells open dashboards when their county's boards change. One poll per node of each county database's new
/// events, every second, however many dashboards are open (no polling storm from the browsers); each open
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
        // Per database, the newest sequence seen so far: each poll reads only the events after it, by the primary key,
        // whichever county they are of. (Asking each county for its newest event walks back through every other county's
        // newer ones where they share a database: no index leads with the tenant.)
        var seen = new Dictionary<Npgsql.NpgsqlDataSource, long>();
        var countyOf = counties.All.ToDictionary(county => county.TenantId, county => county.Id);
        while (!stopping.IsCancellationRequested)
        {
            foreach (var database in counties.All.Select(stores.Database).Distinct())
            {
                try
                {
                    // The newest sequence by the primary key first: nothing new, nothing more to read; lower than seen, the
                    // database was restored (or emptied) and is read afresh.
                    await using (var newest = database.CreateCommand($"select coalesce(max(seq_id), 0) from {EventStoreSetup.Schema}.mt_events"))
                    {
                        var top = (long)(await newest.ExecuteScalarAsync(stopping))!;
                        if (top == seen.GetValueOrDefault(database)) continue;
                        if (top < seen.GetValueOrDefault(database)) seen[database] = 0;
                    }
                    await using var command = database.CreateCommand(
                        $"select tenant_id, max(seq_id), (array_agg(timestamp order by seq_id desc))[1] from {EventStoreSetup.Schema}.mt_events " +
                        "where seq_id > @seen group by tenant_id");
                    command.Parameters.AddWithValue("seen", seen.GetValueOrDefault(database));
                    await using var reader = await command.ExecuteReaderAsync(stopping);
                    while (await reader.ReadAsync(stopping))
                    {
                        var now = new BoardChange(reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2));
                        seen[database] = Math.Max(seen.GetValueOrDefault(database), now.Sequence);
                        if (!countyOf.TryGetValue(reader.GetString(0), out var countyId)) continue;
                        latest[countyId] = now;
                        Changed?.Invoke(countyId);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The database is away (or the schema not made yet): the boards cannot change meanwhile either.
                    logger.LogDebug(e, "Could not read the newest events of a county database");
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
