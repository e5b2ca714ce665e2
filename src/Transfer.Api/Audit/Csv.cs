using System.Text;

namespace Transfer.Api.Audit;

/// <summary>
/// RFC 4180: fields with a comma, a quote or a line break are quoted, quotes doubled, lines end in CRLF.
/// A field a spreadsheet would take for a formula (starting with =, +, -, @, tab or carriage return)
/// gets a leading apostrophe, as OWASP advises against CSV injection: spreadsheets then show it as text.
/// </summary>
public static class Csv
{
    public const string ContentType = "text/csv; charset=utf-8; header=present";

    public static string Line(params string?[] fields) => string.Join(',', fields.Select(Field)) + "\r\n";

    private static string Field(string? value)
    {
        if (value is null) return "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
}
