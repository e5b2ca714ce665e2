using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Transfer.Api.Audit;
using Transfer.Domain.Common;

namespace Transfer.Api.Infrastructure.OpenApi;

/// <summary>
/// The query parameters the routes share, described once: the endpoints read them as strings (so a bad
/// value is answered naming the parameter), and the document says what each accepts.
/// </summary>
internal static class QueryParameters
{
    public static void Describe(OpenApiParameter parameter, string path, ExportsAttribute? exports)
    {
        // The charts and What changed take days (from, to); the event log and the evidence take recorded instants.
        var days = path.EndsWith("/series", StringComparison.Ordinal) || path == "/api/changes";
        var (description, schema) = parameter.Name switch
        {
            "from" when path == "/api/audit/proofs/consistency" => ("The earlier tree's size: the events an earlier checkpoint holds.", Integer(1, null)),
            "from" when days => ("The first day, YYYY-MM-DD; each route has its default.", Date()),
            "to" when days => ("The last day, YYYY-MM-DD; default today in Helsinki.", Date()),
            "limit" when path == "/api/notifications" => (
                $"Notifications to answer, newest first, 1 to {Subscriptions.SubscriptionEndpoints.MaxNotifications} (default 50).",
                Integer(1, Subscriptions.SubscriptionEndpoints.MaxNotifications)),
            "at" => ("The checkpoint made last at or before this instant (with its offset); default the latest.", Instant()),
            "index" => ("The event's place in the county's log, from 0.", Integer(0, null)),
            "size" => ("The tree's size: the events a checkpoint holds, at most the log's current size.", Integer(1, null)),
            "asOf" => ("The business date the board is for, YYYY-MM-DD; default today in Helsinki.", Date()),
            "knownAt" => ("Show the board as it was known at this instant (with its offset, e.g. 2022-02-01T09:00:00+02:00): " +
                          "events recorded later are left out. Default: everything recorded so far.", Instant()),
            "format" => (exports?.Csv == true
                    ? "json (the default), csv (also Accept: text/csv) or xlsx (also Accept: the .xlsx media type)."
                    : "json (the default) or xlsx, a workbook of the same rows (also Accept: the .xlsx media type).",
                OneOf(exports?.Csv == true ? ["json", "csv", "xlsx"] : ["json", "xlsx"])),
            "delimiter" => ("For CSV: comma (the default) or semicolon, which Finnish Excel opens by double-click.", OneOf(["comma", "semicolon"])),
            "after" => ("Continue after this sequence number: the previous page's next (or X-Next-After).", Integer(0, null)),
            "limit" => ($"Events per page, 1 to {AuditEndpoints.MaxPage} (default 100; a file without it holds the whole selection).", Integer(1, AuditEndpoints.MaxPage)),
            "workstreamId" => ("Only this workstream's events.", Id()),
            "organisationId" => ("Only events about this organisation.", Id()),
            "type" => ("Only events of this type.", OneOf(AuditLog.EventTypes)),
            "importId" => ("Only the events one import recorded (its importId).", new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[0-9a-f]{32}$" }),
            "dryRun" => ("true: decide every row and store nothing; the answer is the same.", OneOf(["true", "false"])),
            "from" => ("Only events recorded at or after this instant (with its offset).", Instant()),
            "to" => ("Only events recorded at or before this instant (with its offset).", Instant()),
            "expectedHead" => ("A chain head written down earlier (from this route's head): the report then says whether today's chain " +
                               "still passes through it unchanged.", new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[0-9a-fA-F]{64}$" }),
            _ => (parameter.Description, (OpenApiSchema?)null),
        };
        parameter.Description = description;
        if (schema is not null) parameter.Schema = schema;
    }

    private static OpenApiSchema Date() => new() { Type = JsonSchemaType.String, Format = "date" };

    private static OpenApiSchema Instant() => new() { Type = JsonSchemaType.String, Format = "date-time" };

    private static OpenApiSchema Id() => new() { Type = JsonSchemaType.String, Pattern = EntityId.RegularExpression };

    private static OpenApiSchema Integer(long minimum, long? maximum) => new()
    {
        Type = JsonSchemaType.Integer, Format = "int64", Minimum = minimum.ToString(), Maximum = maximum?.ToString(),
    };

    private static OpenApiSchema OneOf(IEnumerable<string> values) => new()
    {
        Type = JsonSchemaType.String, Enum = values.Select(value => (JsonNode)JsonValue.Create(value)).ToList(),
    };
}
