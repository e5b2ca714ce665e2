using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Transfer.Domain.Common;

namespace Transfer.Api.Hosting;

/// <summary>
/// Reads the fields of one request into domain values, collecting every shape error by field name for
/// one 400. Dates and enum names arrive as strings so that "28.1.2022" or "hospital district" is answered
/// with the field and the expected form, not with a generic JSON error. Each reader returns a usable
/// placeholder after an error; the caller checks <see cref="Problem"/> before using any value.
/// </summary>
public sealed partial class RequestFields
{
    public const int MaxTextLength = 2000;

    private readonly Dictionary<string, string[]> errors = new();

    public void Add(string field, string message) =>
        errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    /// <summary>The 400 for what was wrong, or null when every field was readable.</summary>
    public ProblemHttpResult? Problem() => errors.Count == 0 ? null : Problems.Validation(errors);

    public bool HasErrors => errors.Count > 0;

    /// <summary>Whether the field was read without an error so far.</summary>
    public bool IsValid(string field) => !errors.ContainsKey(field);

    /// <summary>Every error so far, its field named under <paramref name="prefix"/> (e.g. "rows[3]."), added to <paramref name="target"/>.</summary>
    public void CopyTo(RequestFields target, string prefix)
    {
        foreach (var (field, messages) in errors)
            foreach (var message in messages) target.Add(prefix + field, message);
    }

    public string Text(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, "is required");
        return OptionalText(field, value) ?? "";
    }

    public string? OptionalText(string field, string? value)
    {
        if (value is { Length: > MaxTextLength }) Add(field, $"may be at most {MaxTextLength} characters");
        if (value is not null && TextProblem(value) is { } problem) Add(field, problem);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>
    /// Why a text cannot be recorded as written, or null: control characters other than tab and line
    /// breaks (PostgreSQL refuses NUL in JSON; the rest would print as nothing or break a CSV line), and
    /// half a surrogate pair, which is no character at all.
    /// </summary>
    public static string? TextProblem(string value)
    {
        if (value.AsSpan().IndexOfAny(ControlCharacters) >= 0)
            return "must not contain control characters (only tab and line breaks are allowed)";
        if (!IsWellFormed(value)) return "must be valid Unicode text";
        return null;
    }

    private static bool IsWellFormed(ReadOnlySpan<char> text)
    {
        if (text.IndexOfAnyInRange('\uD800', '\uDFFF') < 0) return true;
        while (!text.IsEmpty)
        {
            if (System.Text.Rune.DecodeFromUtf16(text, out _, out var consumed) != System.Buffers.OperationStatus.Done) return false;
            text = text[consumed..];
        }
        return true;
    }

    private static readonly System.Buffers.SearchValues<char> ControlCharacters = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(c => c is not ('\t' or '\n' or '\r')).Select(c => (char)c), '\u007f']);

    /// <summary>
    /// The request body, or an error when it was JSON's null rather than an object: the endpoints declare
    /// their body required (so the OpenAPI document says so), but the JSON reader hands them null for
    /// "null". Every request record has only optional fields, so an uninitialised one stands for the
    /// empty request while the 400 is made.
    /// </summary>
    public T Body<T>(T? request) where T : class
    {
        if (request is not null) return request;
        Add("body", "must be a JSON object with the request's fields");
        return (T)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(T));
    }

    public string Id(string field, string? value)
    {
        if (string.IsNullOrEmpty(value)) Add(field, "is required");
        return OptionalId(field, value) ?? "";
    }

    public string? OptionalId(string field, string? value)
    {
        if (value is not null && !EntityId.IsValid(value)) Add(field, $"must be {EntityId.Rule}");
        return value;
    }

    /// <summary>
    /// The days the product reckons with (API.md, "Dates"): a transfer's dates, and every date a board or chart is asked
    /// for, lie between these, so that no week's or day's arithmetic on them can leave the calendar.
    /// </summary>
    public static readonly DateOnly EarliestDate = new(2000, 1, 1), LatestDate = new(2099, 12, 31);

    private const string DateRange = "must be between 2000-01-01 and 2099-12-31";

    public DateOnly Date(string field, string? value)
    {
        if (string.IsNullOrEmpty(value)) Add(field, "is required");
        else if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) Add(field, "must be a date written YYYY-MM-DD");
        else if (date < EarliestDate || date > LatestDate) Add(field, DateRange);
        else return date;
        return default;
    }

    /// <param name="allowed">The values this field accepts, when not all of them.</param>
    public TEnum Enum<TEnum>(string field, string? value, params TEnum[] allowed) where TEnum : struct, Enum
    {
        var names = allowed.Length == 0
            ? EnumNames<TEnum>.Values
            : allowed.Select(value => EnumNames<TEnum>.Values.Single(name => name.Value.Equals(value))).ToList();
        if (string.IsNullOrEmpty(value)) Add(field, "is required");
        else if (names.FirstOrDefault(name => name.Key == value) is { Key: not null } match) return match.Value;
        else Add(field, $"must be one of {string.Join(", ", names.Select(name => name.Key))}");
        return default;
    }

    /// <summary>An instant with its offset ("2022-02-01T09:00:00+02:00" or "...Z"). An unencoded '+' in a query string arrives as a space and is read as the '+' it was.</summary>
    public DateTimeOffset? OptionalInstant(string field, string? value)
    {
        if (value is null) return null;
        var text = value.Trim().Replace(' ', '+');
        // In UTC: the same instant, in the only form Npgsql writes to timestamptz.
        if (!InstantWithOffset().IsMatch(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            Add(field, "must be an instant with its offset, e.g. 2022-02-01T09:00:00+02:00 or 2022-02-01T07:00:00Z");
        else if (DateOnly.FromDateTime(instant.UtcDateTime) is var day && (day < EarliestDate || day > LatestDate))
            Add(field, DateRange);
        else
            return instant.ToUniversalTime();
        return null;
    }

    public long? OptionalNumber(string field, string? value, long min, long max)
    {
        if (value is null) return null;
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max) return number;
        Add(field, $"must be a whole number from {min} to {max}");
        return null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial System.Text.RegularExpressions.Regex InstantWithOffset();

    public T Required<T>(string field, T? value) where T : struct
    {
        if (value is null) Add(field, "is required");
        return value ?? default;
    }

    /// <summary>The names an enum's values have in the API's JSON dialect, e.g. "hospital-district", "staffData".</summary>
    public static IEnumerable<string> NamesOf(Type enumType) =>
        System.Enum.GetValues(enumType).Cast<object>().Select(value => JsonSerializer.Serialize(value, enumType, TransferJson.Options).Trim('"'));

    private static class EnumNames<TEnum> where TEnum : struct, Enum
    {
        public static readonly IReadOnlyList<KeyValuePair<string, TEnum>> Values = System.Enum.GetValues<TEnum>()
            .Zip(NamesOf(typeof(TEnum)), (value, name) => KeyValuePair.Create(name, value))
            .ToList();
    }
}
