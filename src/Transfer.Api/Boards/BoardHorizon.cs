using Transfer.Domain.Readiness;

namespace Transfer.Api.Boards;

/// <summary>
/// Reads what every status view takes: ?asOf=YYYY-MM-DD (default: today in Helsinki) and
/// ?knownAt=&lt;instant with offset&gt; into a horizon, and ?format=xlsx (or Accept: the .xlsx type) into
/// whether to answer with a workbook. Every field at fault is named in one 400.
/// </summary>
public static class BoardHorizon
{
    public static (Horizon? Horizon, bool Workbook, IResult? Problem) Read(HttpContext http, string? asOf, string? knownAt, string? format, HelsinkiClock clock)
    {
        var fields = new RequestFields();
        var date = asOf is null ? clock.Today : fields.Date("asOf", asOf);
        var instant = fields.OptionalInstant("knownAt", knownAt);
        var workbook = BoardWorkbook.Asked(http, format, fields);
        return fields.Problem() is { } problem ? (null, false, problem) : (new Horizon(date, instant), workbook, null);
    }
}
