using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Transfer.Domain.Common;

namespace Transfer.Api.Hosting.OpenApi;

/// <summary>
/// States the form of each request field as the API reads it: a required field is in the schema's
/// required list and never null, an optional one is left out of it; dates, ids and enum names (read as
/// strings, see <see cref="RequestFields"/>) get their format, pattern or values; free text its length
/// limit. Enums are strings, numbers are numbers: the web JSON defaults also read "12" for 12, which a client need not know.
/// </summary>
internal sealed class RequestFieldSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        NumbersAreNumbers(schema);
        EnumsAreStrings(schema);
        if (context.JsonPropertyInfo is { AttributeProvider: PropertyInfo property } && IsRequest(property.DeclaringType))
            DescribeField(schema, property);
        else if (context.JsonPropertyInfo is null && IsRequest(context.JsonTypeInfo.Type))
            schema.Required = new HashSet<string>(context.JsonTypeInfo.Properties
                .Where(field => field.AttributeProvider is PropertyInfo info && info.IsDefined(typeof(RequiredAttribute)))
                .Select(field => field.Name));
        return Task.CompletedTask;
    }

    /// <summary>A request body of this API: its records are named *Request.</summary>
    private static bool IsRequest(Type? type) =>
        type?.Namespace?.StartsWith("Transfer.Api", StringComparison.Ordinal) == true && type.Name.EndsWith("Request", StringComparison.Ordinal);

    private static void DescribeField(OpenApiSchema schema, PropertyInfo property)
    {
        if (property.IsDefined(typeof(RequiredAttribute)) && schema.Type is { } type)
            schema.Type = type & ~JsonSchemaType.Null;
        if (property.PropertyType != typeof(string)) return;

        if (property.IsDefined(typeof(DateFieldAttribute)))
            schema.Format = "date";
        else if (property.IsDefined(typeof(IdFieldAttribute)))
            schema.Pattern = EntityId.RegularExpression;
        else if (property.GetCustomAttribute<OneOfAttribute>() is { } oneOf)
            schema.Enum = EnumNames(oneOf).Select(name => (JsonNode)JsonValue.Create(name)).ToList();
        else
        {
            schema.MaxLength = RequestFields.MaxTextLength;
            // Blank is missing: RequestFields answers "is required" for "" or spaces.
            if (property.IsDefined(typeof(RequiredAttribute))) schema.MinLength = 1;
        }
    }

    private static IEnumerable<string> EnumNames(OneOfAttribute oneOf)
    {
        var names = RequestFields.NamesOf(oneOf.EnumType).ToList();
        if (oneOf.Only.FirstOrDefault(name => !names.Contains(name)) is { } unknown)
            throw new InvalidOperationException($"{unknown} is not a value of {oneOf.EnumType.Name}");
        return oneOf.Only.Length > 0 ? oneOf.Only : names;
    }

    /// <summary>
    /// Enums travel as their names (TransferJson), and a schema of names says it is a string, so that
    /// generated clients read them as names rather than numbers.
    /// </summary>
    private static void EnumsAreStrings(OpenApiSchema schema)
    {
        if (schema is { Type: null, Enum.Count: > 0 } && schema.Enum.All(value => value?.GetValueKind() == System.Text.Json.JsonValueKind.String))
            schema.Type = JsonSchemaType.String;
    }

    private static void NumbersAreNumbers(OpenApiSchema schema)
    {
        if (schema.Type is not { } type || (type & (JsonSchemaType.Integer | JsonSchemaType.Number)) == 0 || (type & JsonSchemaType.String) == 0)
            return;
        schema.Type = type & ~JsonSchemaType.String;
        schema.Pattern = null;
    }
}
