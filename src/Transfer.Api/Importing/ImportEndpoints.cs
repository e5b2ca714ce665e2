using System.Text;
using Marten;
using MiniExcelLibs;
using Transfer.Api.Security;
using Transfer.Api.Writing;

namespace Transfer.Api.Importing;

// The PMO's import: a spreadsheet of events of one kind in one request (API.md, "Imports").
public static class ImportEndpoints
{

    // One path parameter name for both routes under /api/imports/ (OpenAPI allows one path there): on a
    // POST it names the kind of events, on a GET the import.
    [WolverinePost("/api/imports/{import}", OperationId = "Import", Summary = "Import a spreadsheet of events",
        Description = "The file as the raw body (text/csv, comma or semicolon, UTF-8 with or without BOM; or .xlsx, the first sheet) or as the " +
                      "field file of a multipart/form-data upload. A header row names the single route's body fields plus workstreamId; one " +
                      "event per row. Every row is decided as its single route would, against the store and the rows above; all rows are " +
                      "stored in one transaction, or none (400 naming rows[N].field for every bad row). ?dryRun=true decides and stores " +
                      "nothing. The same file again from the same user returns the first answer."),
     Authorize(Roles = Roles.Writers)]
    [Tags(ApiTags.WorkstreamEvents), Refuses(400, 404, 415, 429)]
    [ProducesResponseType<ImportAnswer>(StatusCodes.Status201Created)]
    [ProducesResponseType<ImportAnswer>(StatusCodes.Status200OK)]
    [ImportFileLimit, Describes("dryRun", "true: decide every row and store nothing; the answer is the same.", Values = ["true", "false"]), ImportKindParameter]
    public static async Task<IResult> Post(string import, string? dryRun, HttpContext http, Importer importer, CancellationToken cancellation)
    {
        var kind = import;
        if (ImportKind.Find(kind) is not { } importKind)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown kind of import",
                detail: $"There is no import of '{kind}'; the kinds are {string.Join(", ", ImportKind.All.Select(k => k.Name))}.");
        if (dryRun is not null and not "true" and not "false")
            return Problems.Validation("dryRun", "must be true or false");

        var idempotencyKey = http.Request.Headers[Writes.IdempotencyKeyHeader].ToString();
        if (Writes.KeyProblem(idempotencyKey) is { } keyProblem)
            return Problems.Validation(Writes.IdempotencyKeyHeader, keyProblem);

        var (file, xlsx, fileName, unsupported) = await ReadFile(http, cancellation);
        if (unsupported is not null) return unsupported;
        try
        {
            var dry = dryRun == "true";
            switch (await importer.Run(http, importKind, file!, xlsx, fileName, dry, idempotencyKey.Length == 0 ? null : idempotencyKey))
            {
                // A dry run stores nothing, whether or not the file was imported before: 200, as the contract says.
                case Importer.Outcome.Done done when dry:
                    return Results.Ok(done.Answer);
                case Importer.Outcome.Done { Stored: { } stored }:
                    return stored;
                case Importer.Outcome.Done done:
                    return Results.Created($"/api/imports/{done.Answer.ImportId}", done.Answer);
                case Importer.Outcome.Refused refused:
                    return refused.Errors.Problem()!;
                case Importer.Outcome.KeyReused:
                    return WriteTransaction.KeyReused();
                default:
                    http.Response.Headers.RetryAfter = "5";
                    return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Another import is running",
                        detail: "This county's imports run one at a time; try again in a few seconds.");
            }
        }
        catch (UnreadableFile unreadable)
        {
            return Problems.Validation("file", unreadable.Message);
        }
    }

    [WolverineGet("/api/imports/{import}", OperationId = "GetImport", Summary = "An import: what it held, who made it, when"),
     Authorize(Roles = Roles.Auditors)]
    [Tags(ApiTags.Audit), Refuses(404)]
    [ProducesResponseType<ImportRecord>(StatusCodes.Status200OK)]
    [Describes("import", "The import's id, as its answer gave it.", Pattern = "^[a-z0-9-]{1,64}$")]
    public static async Task<IResult> Get(string import, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<ImportRecord>(import, cancellation) is { } found
            ? Results.Ok(new { importId = found.Id, found.Kind, found.Rows, found.Events, found.FileName, found.RecordedAt, found.RecordedBy })
            : Problems.NotFound("import", import);

    [WolverineGet("/api/imports/templates/{file}", OperationId = "GetImportTemplate", Summary = "A template for a kind of import: its header row and one example row",
        Description = "{kind}.csv or {kind}.xlsx, e.g. contracts.csv."), Authorize(Roles = Roles.Readers)]
    [Tags(ApiTags.WorkstreamEvents), Refuses(404)]
    [ProducesResponseType<string>(StatusCodes.Status200OK, MediaTypes.Csv)]
    public static IResult Template(string file)
    {
        var extension = Path.GetExtension(file);
        if (ImportKind.Find(Path.GetFileNameWithoutExtension(file)) is not { } kind || extension is not (".csv" or ".xlsx"))
            return Problems.NotFound("template", file);
        var example = kind.Columns.ToDictionary(column => column, column => column == ImportKind.WorkstreamColumn
            ? "sopimusten-siirrot"
            : kind.RequestType.GetProperties().Single(p => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.Name) == column).GetValue(kind.Example));
        if (extension == ".xlsx")
        {
            var workbook = new MemoryStream();
            workbook.SaveAs(new[] { example }, excelType: ExcelType.XLSX);
            return Results.File(workbook.ToArray(), MediaTypes.Xlsx, file);
        }
        var text = new StringBuilder();
        text.AppendLine(string.Join(';', kind.Columns));
        text.AppendLine(string.Join(';', kind.Columns.Select(column => Quote(SpreadsheetRows.Text(example[column]) ?? ""))));
        return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray(), "text/csv; charset=utf-8", file);
    }

    private static string Quote(string cell) => cell.IndexOfAny([';', '"', '\n', '\r']) >= 0 ? $"\"{cell.Replace("\"", "\"\"")}\"" : cell;

    /// <summary>The file from the body: raw CSV or .xlsx, or the field 'file' of a form; else a 415 saying what is accepted.</summary>
    private static async Task<(byte[]? File, bool Xlsx, string? FileName, IResult? Unsupported)> ReadFile(HttpContext http, CancellationToken cancellation)
    {
        var type = http.Request.GetTypedHeaders().ContentType?.MediaType.ToString();
        if (http.Request.HasFormContentType)
        {
            IFormFile? upload;
            string? fileName;
            try
            {
                var form = await http.Request.ReadFormAsync(cancellation);
                upload = form.Files.GetFile("file");
                fileName = upload is null ? null : Path.GetFileName(upload.FileName);
            }
            // What the form reader refuses (no boundary, a body that does not match it, too many fields, a key, header
            // or file name it cannot read) is the client's to mend: said as it is, never a 500.
            catch (Exception e) when (e is InvalidDataException or IOException or FormatException or ArgumentException or System.Text.DecoderFallbackException
                                      && !cancellation.IsCancellationRequested)
            {
                return (null, false, null, Problems.Validation("file", $"the form could not be read as multipart/form-data: {e.Message}"));
            }
            if (upload is null)
                return (null, false, null, Problems.Validation("file", "is required: the form's field 'file' holds the spreadsheet"));
            if (fileName is { Length: > 255 } || (fileName is not null && RequestFields.TextProblem(fileName) is not null))
                return (null, false, null, Problems.Validation("file", "its name must be printable text of at most 255 characters"));
            using var copy = new MemoryStream();
            await upload.CopyToAsync(copy, cancellation);
            var xlsx = upload.FileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || upload.ContentType == MediaTypes.Xlsx;
            return (copy.ToArray(), xlsx, fileName, null);
        }
        if (type is not (MediaTypes.Csv or MediaTypes.Xlsx))
            return (null, false, null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Not a spreadsheet",
                detail: $"Send the file as text/csv, as {MediaTypes.Xlsx} (.xlsx), or as the field 'file' of multipart/form-data."));
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, cancellation);
        return (body.ToArray(), type == MediaTypes.Xlsx, null, null);
    }
}
