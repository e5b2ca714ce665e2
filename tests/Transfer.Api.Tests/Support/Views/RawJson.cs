using System.Text.Json;
using System.Text.Json.Serialization;

namespace Transfer.Api.Tests.Support.Views;

/// <summary>
/// A value the contract leaves open (an event's data as stored), kept as the exact text the answer carried: two are
/// equal when their bytes are, which is what "exactly as stored" promises. <see cref="Element"/> reads into it.
/// </summary>
[JsonConverter(typeof(RawJsonConverter))]
public sealed record RawJson(string Text)
{
    public JsonElement Element => JsonDocument.Parse(Text).RootElement;

    public override string ToString() => Text;
}

public sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) => writer.WriteRawValue(value.Text);
}
