using System.Text.Json;
using System.Text.Json.Serialization;

namespace Transfer.Api.Tests.Support.Views;

/// <summary>
/// The views as HTTP/API.md states them on the wire, read into records of the tests' own. Deliberately not the
/// server's types: the tests check the contract, so a rename inside the server must not silently change what a
/// test expects; it must fail here first.
/// <para>
/// The reading is strict, so that comparing a record says as much as walking the JSON did: names exactly as
/// written (camelCase, no case folding), every field a record names present, null only where the record allows
/// it, numbers as numbers, and no field the record does not name. A field the API starts answering therefore
/// fails these tests until its record names it, as a test comparing a view's exact JSON did before.
/// </para>
/// <para>
/// Enum-like values (colours, kinds, categories), dates and instants stay the strings the wire carries:
/// "amber", "2021-12-01", an instant with its offset exactly as written. Lists are <see cref="ValueList{T}"/>,
/// so that a record holding a list equals another with equal items, and whole views compare with ShouldBe.
/// </para>
/// </summary>
public static class WireJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>The answer's body read as the view <typeparamref name="T"/>; fails naming what does not fit.</summary>
    public static T Read<T>(this Response response)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(response.Text, Options) ?? throw new ShouldAssertException($"The answer is null, not a {typeof(T).Name}");
        }
        catch (JsonException e)
        {
            throw new ShouldAssertException($"The answer is not a {typeof(T).Name} as the contract states it: {e.Message}{Environment.NewLine}{response}", e);
        }
    }

    /// <summary>
    /// An instant the views carry as text, read as JsonElement.GetDateTimeOffset reads one (ISO 8601), not as leniently as
    /// DateTimeOffset.Parse would: for a test that checks an instant's value where it once read it from the JSON.
    /// </summary>
    public static DateTimeOffset Instant(string text) => JsonSerializer.Deserialize<DateTimeOffset>(JsonSerializer.Serialize(text));

    /// <summary>A view as a reader gets it: answered with 200, then read as <typeparamref name="T"/>.</summary>
    public static async Task<T> View<T>(this Task<Response> request)
    {
        var response = await request;
        response.Status.ShouldBe(200, response.Text);
        return response.Read<T>();
    }
}
