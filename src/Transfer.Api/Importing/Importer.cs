using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JasperFx.Events;
using Marten;
using Transfer.Domain.Common;
using Transfer.Domain.Organisations;
using Transfer.Domain.Workstreams;
using Transfer.Api.Counties;
using Transfer.Api.Writing;
using Transfer.Api.Security;

namespace Transfer.Api.Importing;

/// <summary>What an import answers: its id (for GET /api/imports/{id} and the event log's ?importId=), and what it held.</summary>
public sealed record ImportAnswer(string ImportId, string Kind, int Rows, int Events);

/// <summary>An Idempotency-Key an import was posted with (its id as <see cref="Writes.KeyId"/> gives it), and the import it made.</summary>
public sealed record ImportKeyRecord(string Id, string ImportId);

/// <summary>An import as stored, beside the events it appended (in the same transaction).</summary>
public sealed record ImportRecord(string Id, string Kind, int Rows, int Events, string? FileName, DateTimeOffset RecordedAt, string RecordedBy);

/// <summary>
/// Decides a file of events row by row, as each row's single route would against the store and the
/// rows above it, and stores them all in one transaction, or none. The county's imports run one at a
/// time (a try-lock: the next one gets 429), each behind the locks of the workstreams it writes, so
/// single writes to other workstreams go on meanwhile. The same file from the same user is the same
/// import: the first answer is returned and nothing is stored twice.
/// </summary>
public sealed class Importer(CountyStores stores, HelsinkiClock clock, TimeProvider time)
{
    public const string ImportIdHeader = "importId";
    public const string ImportRowHeader = "importRow";

    public abstract record Outcome
    {
        /// <param name="Repeated">The same file was imported before: its first answer, nothing stored now.</param>
        public sealed record Done(ImportAnswer Answer, bool Repeated) : Outcome;
        public sealed record Refused(RequestFields Errors) : Outcome;
        public sealed record Busy : Outcome;
        /// <summary>The Idempotency-Key was used before for another file.</summary>
        public sealed record KeyReused : Outcome;
    }

    /// <param name="idempotencyKey">The request's Idempotency-Key (checked), or null: the same key again with another file is refused.</param>
    public async Task<Outcome> Run(
        HttpContext http, ImportKind kind, byte[] file, bool xlsx, string? fileName, bool dryRun, string? idempotencyKey, CancellationToken cancellation)
    {
        var rows = SpreadsheetRows.Read(file, xlsx, out var header);
        CheckColumns(kind, header);
        var user = http.User.RecordedBy();
        var importId = Convert.ToHexString(SHA256.HashData([.. Encoding.UTF8.GetBytes($"{user}\n{kind.Name}\n"), .. file]))[..32].ToLowerInvariant();

        // Rows that cannot be read are named now; the rest are decided against the store below, so that one answer
        // names every bad row, a would-be 409 beside a bad date.
        var errors = new RequestFields();
        var read = rows.Select(row => (row, workstreamId: Cell(row, ImportKind.WorkstreamColumn), planned: ReadRow(kind, row, errors)))
            .Where(r => r.planned is not null).Select(r => (r.row, r.workstreamId, planned: r.planned!)).ToList();

        await using var session = stores.LightweightSession(http.County());
        session.LastModifiedBy = user;
        session.CorrelationId = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
        await session.BeginTransactionAsync(cancellation);
        if (!await TryLock(session, $"imports", cancellation)) return new Outcome.Busy();
        // The import's id is the file's, so the same file is one import with a key or without; a key names one file only.
        var keyId = idempotencyKey is null ? null : Writes.KeyId(user, idempotencyKey);
        if (keyId is not null && await session.LoadAsync<ImportKeyRecord>(keyId, cancellation) is { } used && used.ImportId != importId)
            return new Outcome.KeyReused();
        if (await session.LoadAsync<ImportRecord>(importId, cancellation) is { } earlier)
            return new Outcome.Done(new ImportAnswer(earlier.Id, earlier.Kind, earlier.Rows, earlier.Events), Repeated: true);

        // What the decisions need, in one round trip: each workstream behind its lock (in one order, so two
        // writers never wait on each other crosswise), the organisations the rows name, the items they count.
        var batch = session.CreateBatchQuery();
        var workstreamIds = read.Select(r => r.workstreamId).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var streams = new Dictionary<string, Task<IEventStream<Workstream>>>();
        foreach (var id in workstreamIds)
        {
            _ = batch.Query<string>("select 'locked' from (select pg_advisory_xact_lock(hashtextextended(?, 0))) as queued", $"transfer:{session.TenantId}:stream:{StreamKeys.Workstream(id)}");
            streams[id] = batch.Events.FetchForWriting<Workstream>(StreamKeys.Workstream(id));
        }
        var organisationIds = read.Select(r => r.planned.OrganisationId).OfType<string>().Distinct().ToList();
        var organisations = organisationIds.ToDictionary(id => id, id => batch.Load<Organisation>(id));
        var itemIds = read.Where(r => r.planned.Item is not null)
            .Select(r => CountedItem.IdOf(r.workstreamId!, r.planned.Item!)).Distinct().ToList();
        var items = itemIds.ToDictionary(id => id, id => batch.Load<CountedItem>(id));
        await batch.Execute(cancellation);

        var known = new Dictionary<string, CountedItem?>();
        foreach (var (id, item) in items) known[id] = await item;
        var recorded = new Dictionary<string, List<(object Event, int Row)>>();
        var now = time.GetUtcNow();
        var today = clock.Today;
        foreach (var (row, workstreamId, planned) in read)
        {
            var prefix = $"rows[{row.Number}].";
            var stream = await streams[workstreamId!];
            if (stream.Aggregate is not { } workstream)
            {
                errors.Add(prefix + ImportKind.WorkstreamColumn, $"There is no workstream '{workstreamId}'.");
                continue;
            }
            if (planned.OrganisationId is { } organisationId && await organisations[organisationId] is null)
            {
                errors.Add(prefix + "organisationId", $"There is no organisation '{organisationId}'.");
                continue;
            }
            var itemId = planned.Item is null ? null : CountedItem.IdOf(workstreamId!, planned.Item);
            var verdict = planned.Decide(workstream, itemId is null ? null : known.GetValueOrDefault(itemId), today);
            if (verdict.Rejection is { } rejection)
            {
                errors.Add(prefix + (rejection.Field ?? kind.ItemColumn ?? "row"), rejection.Message);
                continue;
            }
            var events = recorded.TryGetValue(workstreamId!, out var list) ? list : recorded[workstreamId!] = [];
            events.Add((verdict.Event!, row.Number));
            // The rows below see this one, as a second posting would see the first.
            if (itemId is not null && ItemEvent.Of(verdict.Event!) is { } change)
                known[itemId] = CountedItem.Record(known.GetValueOrDefault(itemId), change, now, workstream.Version + events.Count);
        }
        if (errors.HasErrors) return new Outcome.Refused(errors);

        var answer = new ImportAnswer(importId, kind.Name, rows.Count, recorded.Values.Sum(events => events.Count));
        if (dryRun) return new Outcome.Done(answer, Repeated: false);

        session.SetHeader(ImportIdHeader, importId);
        foreach (var (workstreamId, events) in recorded)
        {
            var action = session.Events.Append(StreamKeys.Workstream(workstreamId), events.Select(e => e.Event).ToArray());
            for (var i = 0; i < events.Count; i++) action.Events[i].SetHeader(ImportRowHeader, events[i].Row);
        }
        session.Store(new ImportRecord(importId, kind.Name, answer.Rows, answer.Events, fileName, now, user));
        if (keyId is not null) session.Store(new ImportKeyRecord(keyId, importId));
        await session.SaveChangesAsync(cancellation);
        return new Outcome.Done(answer, Repeated: false);
    }

    /// <summary>The row as its single route's request, read by that route's own reader, or null when it cannot be; its errors go to <paramref name="errors"/> under rows[N].</summary>
    private static ImportedRow? ReadRow(ImportKind kind, SheetRow row, RequestFields errors)
    {
        var prefix = $"rows[{row.Number}].";
        var fields = new RequestFields();
        fields.Id(ImportKind.WorkstreamColumn, Cell(row, ImportKind.WorkstreamColumn));
        var request = System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(kind.RequestType);
        foreach (var property in kind.RequestType.GetProperties())
        {
            var column = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            row.Cells.TryGetValue(column, out var cell);
            var text = kind.DateColumns.Contains(column) ? SpreadsheetRows.DateText(cell) : SpreadsheetRows.Text(cell);
            if (string.IsNullOrEmpty(text)) { property.SetValue(request, null); continue; }
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type == typeof(string)) property.SetValue(request, text);
            else if (type == typeof(int) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)) property.SetValue(request, number);
            else if (type == typeof(bool) && Truth(text) is { } truth) property.SetValue(request, truth);
            else fields.Add(column, type == typeof(int) ? "must be a whole number" : "must be true or false");
        }
        var planned = kind.Read(request, fields);
        fields.CopyTo(errors, prefix);
        return fields.HasErrors ? null : planned;
    }

    /// <summary>How a person writes yes and no in a cell: true/false, as Excel's TRUE/FALSE, or Finnish kyllä/ei.</summary>
    private static bool? Truth(string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "kyllä" or "1" => true,
        "false" or "ei" or "0" => false,
        _ => null,
    };

    private static string? Cell(SheetRow row, string column) =>
        row.Cells.TryGetValue(column, out var cell) ? SpreadsheetRows.Text(cell)?.Trim() : null;

    /// <summary>Every column must be one of the kind's, and the required ones must be there.</summary>
    private static void CheckColumns(ImportKind kind, IReadOnlyList<string> header)
    {
        var unknown = header.Where(column => !kind.Columns.Contains(column)).ToList();
        if (unknown.Count > 0)
            throw new UnreadableFile($"Unknown column{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(c => $"'{c}'"))}: a file of {kind.Name} has the columns {string.Join(", ", kind.Columns)}.");
        var missing = kind.RequiredColumns.Where(column => !header.Contains(column)).ToList();
        if (missing.Count > 0)
            throw new UnreadableFile($"Missing column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}: a file of {kind.Name} needs {string.Join(", ", kind.RequiredColumns)}.");
    }

    private static async Task<bool> TryLock(IDocumentSession session, string name, CancellationToken cancellation) =>
        (await session.QueryAsync<bool>("select pg_try_advisory_xact_lock(hashtextextended(?, 0))", cancellation, $"transfer:{session.TenantId}:{name}")).Single();
}
