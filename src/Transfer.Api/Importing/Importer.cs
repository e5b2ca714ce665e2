using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Transfer.Api.Security;
using Transfer.Api.Workstreams;
using Transfer.Api.Writing;

namespace Transfer.Api.Importing;

/// <summary>What an import answers: its id (for GET /api/imports/{id} and the event log's ?importId=), and what it held.</summary>
public sealed record ImportAnswer(string ImportId, string Kind, int Rows, int Events);

/// <summary>
/// An Idempotency-Key an import was posted with before keys were kept with every other write's (<see cref="IdempotencyRecord"/>):
/// still read, so that such a key still names its one file. No longer written.
/// </summary>
public sealed record ImportKeyRecord(string Id, string ImportId);

/// <summary>An import as stored, beside the events it appended (in the same transaction).</summary>
public sealed record ImportRecord(string Id, string Kind, int Rows, int Events, string? FileName, DateTimeOffset RecordedAt, string RecordedBy);

/// <summary>
/// Reads a file of events row by row into the commands the single routes take, and hands them to the same write
/// loop (<see cref="WorkstreamWrites.Decide"/>), which decides each against the store and the rows above it and
/// appends them all in one transaction, or none. The county's imports run one at a time (a try-lock: the next one
/// gets 429), each behind the locks of the workstreams it writes, so single writes to other workstreams go on
/// meanwhile. The same file from the same user is the same import: the first answer is returned and nothing is
/// stored twice; an Idempotency-Key names one file, and no other request of any route.
/// </summary>
public sealed class Importer(Writes writes, TimeProvider time)
{
    public const string ImportIdHeader = "importId";
    public const string ImportRowHeader = "importRow";

    public abstract record Outcome
    {
        /// <param name="Answer">What the import held.</param>
        /// <param name="Stored">The answer as committed, the same for every retry of it; null for a dry run or a file imported before.</param>
        public sealed record Done(ImportAnswer Answer, IResult? Stored) : Outcome;
        public sealed record Refused(RequestFields Errors) : Outcome;
        public sealed record Busy : Outcome;
        /// <summary>The Idempotency-Key was used before for another request.</summary>
        public sealed record KeyReused : Outcome;
    }

    /// <param name="idempotencyKey">The request's Idempotency-Key (checked), or null.</param>
    public async Task<Outcome> Run(HttpContext http, ImportKind kind, byte[] file, bool xlsx, string? fileName, bool dryRun, string? idempotencyKey)
    {
        var rows = SpreadsheetRows.Read(file, xlsx, out var header);
        CheckColumns(kind, header);
        var user = http.User.RecordedBy();
        var importId = Convert.ToHexString(SHA256.HashData([.. Encoding.UTF8.GetBytes($"{user}\n{kind.Name}\n"), .. file]))[..32].ToLowerInvariant();

        // Rows that cannot be read are named now; the rest are decided against the store below, so that one answer
        // names every bad row, a would-be 409 beside a bad date.
        var errors = new RequestFields();
        var read = rows.Select(row => (row, post: ReadRow(kind, row, errors))).Where(r => r.post is not null).Select(r => (r.row, post: r.post!)).ToList();

        await using var write = await writes.Open(http);
        // On every event the import appends, beside the row it came from.
        write.Session.SetHeader(ImportIdHeader, importId);
        if (!await write.TryLock("imports")) return new Outcome.Busy();
        // The import's id is the file's, so the same file is one import with a key or without; a key names one file only.
        var claim = idempotencyKey is null ? null : new IdempotencyClaim(Writes.KeyId(user, idempotencyKey), idempotencyKey, user, $"import {importId}");
        if (claim is not null && await KeyUsedElsewhere(write, claim, importId)) return new Outcome.KeyReused();
        if (await write.Session.LoadAsync<ImportRecord>(importId, http.RequestAborted) is { } earlier)
            return new Outcome.Done(new ImportAnswer(earlier.Id, earlier.Kind, earlier.Rows, earlier.Events), Stored: null);

        var decided = await write.Decide(read.Select(r => r.post).ToList());
        foreach (var ((row, post), outcome) in read.Zip(decided))
            if (outcome.Refusal is { } refusal)
                errors.Add($"rows[{row.Number}].{refusal.Field ?? kind.ItemColumn ?? "row"}", refusal.Message(post.WorkstreamId));
        if (errors.HasErrors) return new Outcome.Refused(errors);

        var answer = new ImportAnswer(importId, kind.Name, rows.Count, decided.Count);
        if (dryRun) return new Outcome.Done(answer, Stored: null);

        foreach (var ((row, _), outcome) in read.Zip(decided)) outcome.Appended!.SetHeader(ImportRowHeader, row.Number);
        write.Session.Store(new ImportRecord(importId, kind.Name, answer.Rows, answer.Events, fileName, time.GetUtcNow(), user));
        return new Outcome.Done(answer, await write.Commit(StatusCodes.Status201Created, answer, location: $"/api/imports/{importId}", idempotency: claim));
    }

    /// <summary>Whether the key was used before for anything but this file (a single post, another file), here or before keys were shared.</summary>
    private static async Task<bool> KeyUsedElsewhere(WriteTransaction write, IdempotencyClaim claim, string importId) =>
        await write.KeyUse(claim) is { } record ? record.Fingerprint != claim.Fingerprint
        : await write.Session.LoadAsync<ImportKeyRecord>(claim.Id) is { } old && old.ImportId != importId;

    /// <summary>The row as its single route's command on its workstream, read by that route's own reader, or null when it cannot be; its errors go to <paramref name="errors"/> under rows[N].</summary>
    private static WorkstreamPost? ReadRow(ImportKind kind, SheetRow row, RequestFields errors)
    {
        var prefix = $"rows[{row.Number}].";
        var fields = new RequestFields();
        var workstreamId = fields.Id(ImportKind.WorkstreamColumn, Cell(row, ImportKind.WorkstreamColumn));
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
        var command = kind.Read(request, fields);
        fields.CopyTo(errors, prefix);
        return fields.HasErrors ? null : new WorkstreamPost(workstreamId, command);
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
}
