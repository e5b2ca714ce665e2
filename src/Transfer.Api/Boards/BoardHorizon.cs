using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Transfer.Domain.Readiness;

namespace Transfer.Api.Boards;

/// <summary>Reads ?asOf=YYYY-MM-DD (default: today in Helsinki) and ?knownAt=&lt;instant with offset&gt; into a horizon.</summary>
public static partial class BoardHorizon
{
    public static (Horizon? Horizon, ProblemHttpResult? Problem) Read(string? asOf, string? knownAt, HelsinkiClock clock)
    {
        var fields = new RequestFields();
        var date = asOf is null ? clock.Today : fields.Date("asOf", asOf);
        DateTimeOffset? instant = null;
        if (knownAt is not null)
        {
            // An unencoded '+' in a query string arrives as a space: "2022-02-01T09:00:00 02:00".
            var text = knownAt.Trim().Replace(' ', '+');
            if (InstantWithOffset().IsMatch(text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                instant = parsed;
            else
                fields.Add("knownAt", "must be an instant with its offset, e.g. 2022-02-01T09:00:00+02:00 or 2022-02-01T07:00:00Z");
        }
        return fields.Problem() is { } problem ? (null, problem) : (new Horizon(date, instant), null);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex InstantWithOffset();
}
