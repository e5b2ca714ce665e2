using Microsoft.AspNetCore.Http.HttpResults;
using Transfer.Domain.Readiness;

namespace Transfer.Api.Boards;

/// <summary>Reads ?asOf=YYYY-MM-DD (default: today in Helsinki) and ?knownAt=&lt;instant with offset&gt; into a horizon.</summary>
public static class BoardHorizon
{
    public static (Horizon? Horizon, ProblemHttpResult? Problem) Read(string? asOf, string? knownAt, HelsinkiClock clock)
    {
        var fields = new RequestFields();
        var date = asOf is null ? clock.Today : fields.Date("asOf", asOf);
        var instant = fields.OptionalInstant("knownAt", knownAt);
        return fields.Problem() is { } problem ? (null, problem) : (new Horizon(date, instant), null);
    }
}
