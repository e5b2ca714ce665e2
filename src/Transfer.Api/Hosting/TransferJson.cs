using System.Text.Json;
using System.Text.Json.Serialization;

namespace Transfer.Api.Hosting;

/// <summary>
/// One JSON dialect for the HTTP API and the stored events: camelCase names, enums as camelCase
/// strings ("staffData", "red"; the two hyphenated organisation kinds are named on the enum itself),
/// dates as YYYY-MM-DD. An auditor reading an event's data sees the same words the PMO posted.
/// </summary>
public static class TransferJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
    }

    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }
}
