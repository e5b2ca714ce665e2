using System.Globalization;
using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using Marten;
using Npgsql;
using Transfer.Api.Counties;
using Transfer.Api.History;

namespace Transfer.Api.Evidence;

/// <summary>
/// The evidence bundle: a zip an auditor verifies on their own machine, trusting nothing the county runs. It holds the
/// events recorded in the period (every leaf between the first and the last of them, none left out), the signed
/// checkpoints that cover them (the last before the period, those made in it, and the first that holds its last event,
/// made now if none does yet), the proofs that tie them together, the keys that signed, and verify.py.
/// </summary>
public sealed class EvidenceBundle(CountyStores stores, AuditTree tree, Checkpoints checkpoints, TimeProvider time)
{
    /// <summary>A county's leaves (@tenant) joined to their events: the rows the bundle's events come from.</summary>
    private const string LeafEvents =
        $"from {AuditTreeTable.Name} t join {EventStoreSetup.Schema}.mt_events e on e.tenant_id = t.tenant_id and e.seq_id = t.sequence " +
        "where t.tenant_id = @tenant and t.level = 0";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<IResult> Write(County county, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellation)
    {
        var leaves = await LeavesRecorded(county, from, to, cancellation);
        AuditCheckpoint? covering = null;
        if (leaves.Count > 0)
        {
            // A read signs nothing: the bundle holds what the checkpoints have sealed, and the events recorded since the
            // latest one come in a bundle asked for after the next (made every Checkpoints:IntervalSeconds, or by a PMO).
            covering = await checkpoints.Covering(county, leaves.End, cancellation) ?? await checkpoints.Latest(county, null, cancellation);
            if (covering is null || covering.Id <= leaves.Start) return NothingSealed(county);
            if (AuditTree.Hex(await tree.Root(county, covering.Id, cancellation)) != covering.Root)
                throw new AuditTreeDivergedException(
                    $"The audit tree of {county.Id} no longer has the root its checkpoint of {covering.Id} events signed: no bundle is made until it is looked into (GET /api/audit/verify).");
            leaves = leaves with { End = Math.Min(leaves.End, covering.Id) };
        }
        var chosen = await Chosen(county, from, to, covering, cancellation);

        var consistency = new List<ConsistencyProof>();
        foreach (var (earlier, later) in chosen.Zip(chosen.Skip(1)))
            consistency.Add(await tree.Consistency(county, earlier.Id, later.Id, cancellation));
        var inclusion = new List<InclusionProof>();
        if (covering is not null)
            foreach (var index in new[] { leaves.Start, leaves.End - 1 }.Distinct())
                inclusion.Add(await tree.Inclusion(county, index, covering.Id, cancellation));
        var proofs = new
        {
            Origin = checkpoints.Origin(county),
            Leaves = new { First = leaves.Start, End = leaves.End },
            Tree = covering is null ? null : new { Size = covering.Id, Nodes = await Around(county, leaves, covering.Id, cancellation) },
            Consistency = consistency,
            Inclusion = inclusion,
        };
        var keyIds = chosen.Select(checkpoint => checkpoint.KeyId).ToHashSet();
        var keys = (await checkpoints.Keys(county, cancellation)).Where(key => keyIds.Contains(key.Id)).Select(key => key.PublicKey);

        // Built in a file that deletes itself once sent: a whole log does not fit a request's memory, and the zip's
        // directory comes last, after every event is written.
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Share = FileShare.None, BufferSize = 1 << 16,
            Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous,
        };
        // Readable by the API's own user only, as the log it holds is.
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"transfer-evidence-{Guid.NewGuid():N}.zip"), options);
        try
        {
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
            {
                await using (var events = zip.CreateEntry("events.jsonl", CompressionLevel.Fastest).Open())
                    await WriteEvents(county, leaves, events, cancellation);
                await WriteJson(zip, "checkpoints.json", chosen.Select(checkpoint => checkpoint.ToView()), cancellation);
                await WriteJson(zip, "proofs.json", proofs, cancellation);
                await WriteText(zip, "public-key.pem", string.Concat(keys.Select(pem => pem + "\n")));
                await WriteText(zip, "verify.py", Resource("verify.py"));
                await WriteText(zip, "README.txt", Resource("README.txt"));
            }
            file.Position = 0;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        return Results.Stream(file, "application/zip", $"transfer-evidence-{county.Id}-{stamp}.zip");
    }

    private static IResult NothingSealed(County county) => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "Not sealed yet",
        detail: $"No checkpoint of {county.Id} covers the events asked for yet: the next is made within Checkpoints:IntervalSeconds " +
                "(or a PMO makes one with POST /api/audit/checkpoint); ask again after it.");

    /// <summary>The leaves from the first event recorded in the period to the last: every leaf between them belongs in the bundle.</summary>
    private async Task<LeafRange> LeavesRecorded(County county, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellation)
    {
        if (from is null && to is null) return new LeafRange(0, await tree.Size(county, cancellation));
        await using var connection = await stores.Database(county).OpenConnectionAsync(cancellation);
        await using var command = new NpgsqlCommand(
            $"select min(t.position), max(t.position) {LeafEvents} and e.timestamp >= @from and e.timestamp <= @to", connection);
        command.Parameters.AddWithValue("tenant", county.TenantId);
        command.Parameters.AddWithValue("from", from ?? DateTimeOffset.MinValue.AddYears(1));
        command.Parameters.AddWithValue("to", to ?? DateTimeOffset.MaxValue.AddYears(-1));
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return reader.IsDBNull(0) ? new LeafRange(0, 0) : new LeafRange(reader.GetInt64(0), reader.GetInt64(1) + 1);
    }

    /// <summary>The checkpoints the bundle carries, by size: the last before the period, those made in it, and the covering one.</summary>
    private async Task<List<AuditCheckpoint>> Chosen(
        County county, DateTimeOffset? from, DateTimeOffset? to, AuditCheckpoint? covering, CancellationToken cancellation)
    {
        var chosen = new List<AuditCheckpoint>();
        if (from is not null && await checkpoints.Latest(county, from, cancellation) is { } before) chosen.Add(before);
        chosen.AddRange(await InPeriod(county, from, to, cancellation));
        if (covering is not null) chosen.Add(covering);
        var last = covering?.Id ?? chosen.Select(checkpoint => checkpoint.Id).DefaultIfEmpty().Max();
        return chosen.Where(checkpoint => checkpoint.Id <= last).DistinctBy(checkpoint => checkpoint.Id).OrderBy(checkpoint => checkpoint.Id).ToList();
    }

    /// <summary>Checkpoints in a bundle, at most, before it keeps only each day's last.</summary>
    public const int MaxCheckpoints = 500;

    /// <summary>
    /// The checkpoints made in the period: every one while they are few, else the last of each day (Helsinki), what the
    /// log held at each day's end (a checkpoint a minute over a year is half a million rows: chosen in SQL).
    /// </summary>
    private async Task<IReadOnlyList<AuditCheckpoint>> InPeriod(County county, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellation)
    {
        await using var session = stores.QuerySession(county);
        var (start, end) = (from ?? DateTimeOffset.MinValue.AddYears(1), to ?? DateTimeOffset.MaxValue.AddYears(-1));
        var all = await session.QueryAsync<AuditCheckpoint>(
            $"select d.data from {EventStoreSetup.Schema}.mt_doc_auditcheckpoint d where d.tenant_id = ? and d.time >= ? and d.time <= ? " +
            $"order by d.id limit {MaxCheckpoints + 1}", cancellation, county.TenantId, start, end);
        if (all.Count <= MaxCheckpoints) return all;
        return await session.QueryAsync<AuditCheckpoint>(
            $"select distinct on (date_trunc('day', d.time, 'Europe/Helsinki')) d.data from {EventStoreSetup.Schema}.mt_doc_auditcheckpoint d " +
            "where d.tenant_id = ? and d.time >= ? and d.time <= ? order by date_trunc('day', d.time, 'Europe/Helsinki'), d.id desc",
            cancellation, county.TenantId, start, end);
    }

    private async Task<List<object>> Around(County county, LeafRange leaves, long size, CancellationToken cancellation)
    {
        var around = MerkleTree.Around(leaves, size);
        var hashes = await tree.Hashes(county, around, cancellation);
        return around.Zip(hashes, (range, hash) => (object)new { range.Start, range.End, Hash = AuditTree.Hex(hash) }).ToList();
    }

    /// <summary>One JSON object per line, fields in a fixed order; data is the event's JSON text exactly as stored, the leaf as the tree holds it.</summary>
    private async Task WriteEvents(County county, LeafRange leaves, Stream output, CancellationToken cancellation)
    {
        await using var connection = await stores.Database(county).OpenConnectionAsync(cancellation);
        await using var command = new NpgsqlCommand(
            $"select t.position, t.hash, {StoredEvent.Columns} {LeafEvents} and t.position >= @first and t.position < @end order by t.position",
            connection);
        command.Parameters.AddWithValue("tenant", county.TenantId);
        command.Parameters.AddWithValue("first", leaves.Start);
        command.Parameters.AddWithValue("end", leaves.End);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        // Plain quotes and Finnish letters as they are: the file is read by people and scripts, never put in a web page.
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        while (await reader.ReadAsync(cancellation))
        {
            var stored = StoredEvent.Read(reader, offset: 2);
            json.Reset(output);
            json.WriteStartObject();
            json.WriteNumber("index", reader.GetInt64(0));
            json.WriteNumber("sequence", stored.Sequence);
            json.WriteString("streamId", stored.StreamId);
            json.WriteNumber("version", stored.Version);
            json.WriteString("type", stored.Type);
            json.WriteString("data", stored.Data);
            json.WriteString("occurredOn", stored.OccurredOn);
            json.WriteString("recordedAt", stored.RecordedAt.UtcDateTime.ToString(StoredEvent.RecordedAtFormat, CultureInfo.InvariantCulture));
            json.WriteString("recordedBy", stored.RecordedBy);
            json.WriteString("leaf", AuditTree.Hex(reader.GetFieldValue<byte[]>(1)));
            json.WriteEndObject();
            await json.FlushAsync(cancellation);
            output.WriteByte((byte)'\n');
        }
    }

    private static async Task WriteJson<T>(ZipArchive zip, string name, T value, CancellationToken cancellation)
    {
        await using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        await JsonSerializer.SerializeAsync(entry, value, Json, cancellation);
    }

    private static async Task WriteText(ZipArchive zip, string name, string text)
    {
        await using var entry = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new System.Text.UTF8Encoding(false));
        await entry.WriteAsync(text);
    }

    private static string Resource(string name)
    {
        using var stream = typeof(EvidenceBundle).Assembly.GetManifestResourceStream("Evidence." + name)
                           ?? throw new InvalidOperationException($"The evidence bundle's {name} is not built into the API.");
        return new StreamReader(stream).ReadToEnd();
    }
}
