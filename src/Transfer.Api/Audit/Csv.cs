using System.Text;

namespace Transfer.Api.Audit;

/// <summary>RFC 4180: fields with a comma, a quote or a line break are quoted, quotes doubled, lines end in CRLF.</summary>
public static class Csv
{
    public const string ContentType = "text/csv; charset=utf-8; header=present";

    public static string Line(params string?[] fields) => string.Join(',', fields.Select(Field)) + "\r\n";

    private static string Field(string? value) =>
        value is null ? "" :
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
}
