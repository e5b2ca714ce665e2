namespace Transfer.Api.History;

/// <summary>The event log's filters and paging, as <see cref="HistoryEndpoints.Events"/> reads them.</summary>
public sealed class EventLogParametersAttribute : DescribesParametersAttribute
{
    public override IEnumerable<ParameterText> Parameters =>
    [
        new("workstreamId", "Only this workstream's events.", ParameterSchemas.Id()),
        new("organisationId", "Only events about this organisation.", ParameterSchemas.Id()),
        new("type", "Only events of this type.", ParameterSchemas.OneOf(AuditLog.EventTypes)),
        new("from", "Only events recorded at or after this instant (with its offset).", ParameterSchemas.Instant()),
        new("to", "Only events recorded at or before this instant (with its offset).", ParameterSchemas.Instant()),
        new("after", "Continue after this sequence number: the previous page's next (or X-Next-After).", ParameterSchemas.Integer(0, null)),
        new("limit", $"Events per page, 1 to {HistoryEndpoints.MaxPage} (default 100; a file without it holds the whole selection).",
            ParameterSchemas.Integer(1, HistoryEndpoints.MaxPage)),
        new("importId", "Only the events one import recorded (its importId).", ParameterSchemas.Pattern("^[0-9a-f]{32}$")),
    ];
}
