using System.Reflection;
using System.Text.Json;

namespace Transfer.Api.History;

/// <summary>
/// The columns of the event log as a file (CSV or workbook), and each event's values in them. The first
/// eight are the event as recorded, as they have always been; then the recorded instant in Helsinki
/// time, the chain link that ties the row to a verified head, and each fact an event states as a column
/// of its own (organisation, reference, dimension, rag...) to filter by.
/// </summary>
public static class EventLogColumns
{
    private static readonly TimeZoneInfo Helsinki = HelsinkiClock.Helsinki;

    /// <summary>Every single-valued field any event states, in the JSON's names, minus the ones already columns.</summary>
    public static readonly IReadOnlyList<string> Facts = Domain.Common.EventTypes.All
        .SelectMany(type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        .Where(property => IsSingleValue(property.PropertyType))
        .Select(property => JsonNamingPolicy.CamelCase.ConvertName(property.Name))
        .Where(name => name is not "occurredOn")
        .Distinct()
        .ToList();

    public static readonly IReadOnlyList<string> Names =
        ["sequence", "streamId", "version", "type", "occurredOn", "recordedAt", "recordedBy", "data", "recordedAtHelsinki", "link", .. Facts, "importId", "importRow"];

    /// <summary>
    /// The event's values, column by column: numbers as numbers, the business date as a date, the
    /// recorded instant in UTC and in Helsinki time (each a <see cref="DateTime"/> of that kind), facts as text.
    /// </summary>
    public static object?[] Values(AuditEvent e) =>
    [
        e.Sequence, e.StreamId, e.Version, e.Type, e.OccurredOn, e.RecordedAt.UtcDateTime, e.RecordedBy, e.Data.GetRawText(),
        TimeZoneInfo.ConvertTime(e.RecordedAt, Helsinki).DateTime, e.Link,
        .. Facts.Select(fact => e.Data.ValueKind == JsonValueKind.Object && e.Data.TryGetProperty(fact, out var value) ? Text(value) : null),
        e.ImportId, e.ImportRow,
    ];

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.Object or JsonValueKind.Array => null,
        _ => value.GetRawText(),
    };

    private static bool IsSingleValue(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(string) || underlying == typeof(DateOnly) || underlying == typeof(decimal);
    }
}
