using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Transfer.Api.Importing;

/// <summary>On the import's POST the path names a kind of import: its values listed, so that a client (the dashboard too) reads them from the document.</summary>
public sealed class ImportKindParameterAttribute : DescribesParametersAttribute
{
    public override IEnumerable<ParameterText> Parameters =>
    [
        new("import", $"The kind of events the file holds: {string.Join(", ", ImportKind.All.Select(kind => kind.Name))}.",
            new OpenApiSchema { Type = JsonSchemaType.String, Enum = ImportKind.All.Select(kind => (JsonNode)JsonValue.Create(kind.Name)).ToList() }),
    ];
}
