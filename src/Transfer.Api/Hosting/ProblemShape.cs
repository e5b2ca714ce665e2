using System.Text.RegularExpressions;

namespace Transfer.Api.Hosting;

/// <summary>
/// The last word on every problem the API sends, whoever made it (the endpoints, ASP.NET Core, Wolverine):
/// no type pointing to an outside site (without one, RFC 9457's "about:blank" says the status and title
/// tell it all), and a body that is not JSON of the request's shape answered as a validation problem in
/// plain words, with an errors object naming the field where there is one, never .NET's type names.
/// </summary>
public static partial class ProblemShape
{
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Type = null;
        // Wolverine's answer to a body System.Text.Json could not read carries the reader's position.
        if (problem.Status != StatusCodes.Status400BadRequest || !problem.Extensions.ContainsKey("bytePositionInLine")) return;

        var reader = ReaderMessage().Match(problem.Detail ?? "");
        var field = reader.Success ? FieldOf(reader.Groups["path"].Value) : null;
        var position = reader.Success ? $" (line {int.Parse(reader.Groups["line"].Value) + 1}, byte {int.Parse(reader.Groups["byte"].Value) + 1})" : "";
        var (name, message) = field is not null && problem.Detail!.Contains("could not be converted", StringComparison.Ordinal)
            ? (field, $"is not a value of the kind this field takes{position}")
            : ("body", $"must be a well-formed JSON object{position}");

        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProblemShape))
            .LogInformation("{Method} {Path}: a body that is not JSON of the request's shape ({Field}: {Message})",
                context.HttpContext.Request.Method, context.HttpContext.Request.Path, name, message);
        problem.Title = "One or more fields are invalid.";
        problem.Detail = null;
        problem.Extensions.Remove("lineNumber");
        problem.Extensions.Remove("bytePositionInLine");
        problem.Extensions["errors"] = new Dictionary<string, string[]> { [name] = [message] };
    }

    /// <summary>"$.targets[0].expected" → "targets[0].expected"; the root itself names no field.</summary>
    private static string? FieldOf(string path) => path is "$" or "" ? null : path.TrimStart('$', '.');

    [GeneratedRegex(@"Path: (?<path>\S*) \| LineNumber: (?<line>\d+) \| BytePositionInLine: (?<byte>\d+)")]
    private static partial Regex ReaderMessage();
}
