using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Transfer.Domain.Common;

namespace Transfer.Api.Hosting.OpenApi;

/// <summary>What one parameter of a route accepts, as the OpenAPI document states it.</summary>
/// <param name="Schema">Its form, or null to leave the generated one.</param>
public sealed record ParameterText(string Name, string Description, OpenApiSchema? Schema = null);

/// <summary>
/// Describes some of a route's parameters in the OpenAPI document. The endpoints read query values as strings (so
/// a bad value is answered naming the parameter); the room that owns the route says here what each accepts, on the
/// route itself, and OperationContracts writes it into the document. Several may stand on one route; the first
/// that names a parameter describes it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public abstract class DescribesParametersAttribute : Attribute
{
    public abstract IEnumerable<ParameterText> Parameters { get; }
}

/// <summary>The forms parameters take, written once for every room.</summary>
public static class ParameterSchemas
{
    public static OpenApiSchema Date() => new() { Type = JsonSchemaType.String, Format = "date" };

    public static OpenApiSchema Instant() => new() { Type = JsonSchemaType.String, Format = "date-time" };

    public static OpenApiSchema Id() => new() { Type = JsonSchemaType.String, Pattern = EntityId.RegularExpression };

    public static OpenApiSchema Integer(long minimum, long? maximum) => new()
    {
        Type = JsonSchemaType.Integer, Format = "int64", Minimum = minimum.ToString(), Maximum = maximum?.ToString(),
    };

    public static OpenApiSchema OneOf(IEnumerable<string> values) => new()
    {
        Type = JsonSchemaType.String, Enum = values.Select(value => (JsonNode)JsonValue.Create(value)).ToList(),
    };

    public static OpenApiSchema Pattern(string pattern) => new() { Type = JsonSchemaType.String, Pattern = pattern };
}

/// <summary>One parameter of a route described where the route is: its words and, optionally, its pattern or values.</summary>
public sealed class DescribesAttribute(string name, string description) : DescribesParametersAttribute
{
    public string? Pattern { get; init; }
    public string[] Values { get; init; } = [];

    public override IEnumerable<ParameterText> Parameters =>
    [
        new(name, description, Values.Length > 0 ? ParameterSchemas.OneOf(Values) : Pattern is not null ? ParameterSchemas.Pattern(Pattern) : null),
    ];
}
