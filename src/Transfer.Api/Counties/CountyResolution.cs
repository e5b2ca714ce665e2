using System.Security.Claims;
using Transfer.Api.Security;
using Wolverine.Http.Runtime.MultiTenancy;

namespace Transfer.Api.Counties;

/// <summary>
/// Decides, once per request, which county it acts in (API.md, "Counties"): where one county is served,
/// that one; where several are, the token's <c>county</c> claim, or for the <c>national</c> role the
/// <c>?county=</c> it names. A request that cannot name one is refused here, before any endpoint runs,
/// so no route can reach another county's data. Routes about counties as such (the list, the national
/// roll-up) need none.
/// </summary>
public static class CountyResolution
{
    public const string Claim = "county";
    public const string QueryParameter = "county";

    /// <summary>Paths that act in no single county.</summary>
    internal static readonly string[] CountyFreePaths = ["/api/counties", "/api/national", "/api/me"];

    public static IApplicationBuilder UseCountyResolution(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!http.Request.Path.StartsWithSegments("/api") || CountyFreePaths.Any(path => http.Request.Path.StartsWithSegments(path))
            || http.User.Identity?.IsAuthenticated != true)
        {
            await next(http);
            return;
        }
        var counties = http.RequestServices.GetRequiredService<CountyCatalog>();
        var (county, problem) = Resolve(http, counties);
        if (problem is not null)
        {
            await problem.ExecuteAsync(http);
            return;
        }
        http.Features.Set(county!);
        await next(http);
    });

    /// <summary>The county the request acts in, set by <see cref="UseCountyResolution"/>.</summary>
    public static County County(this HttpContext http) =>
        http.Features.Get<County>() ?? throw new InvalidOperationException("No county was resolved for this request.");

    /// <summary>The county a request acts in, or the problem that refuses it.</summary>
    public static (County? County, IResult? Problem) Resolve(HttpContext http, CountyCatalog counties)
    {
        var asked = http.Request.Query[QueryParameter].ToString();
        if (http.User.FindAll(Claim).Skip(1).Any())
            return (null, Forbidden($"The token names several counties in its '{Claim}' claim; a token acts in one."));
        // The national role never writes in a county, whatever other roles or county the token carries.
        if (http.User.IsInRole(Roles.National) && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
            return (null, Forbidden("The national role reads; it writes in no county, whatever other roles the token carries."));
        var claimed = http.User.FindFirstValue(Claim);
        // A token naming its county reads there, whatever else it holds; ?county= is for a national token without one.
        if (claimed is null && http.User.IsInRole(Roles.National))
        {
            if (asked.Length == 0)
                return counties.ServesSeveral
                    ? (null, Problems.Validation(QueryParameter, $"is required for the national role: one of {string.Join(", ", counties.All.Select(c => c.Id))}"))
                    : (counties.Only, null);
            return counties.Find(asked) is { } named ? (named, null) : (null, Problems.NotFound("county", asked));
        }

        var (own, problem) = Own(claimed, counties);
        // Only the national role reads another county; anyone else naming one is told they cannot, not shown their own.
        if (own is not null && asked.Length > 0 && asked != own.Id)
            return (null, Forbidden($"You act in {own.Id}, the county that signed you in; you cannot read or write {asked}."));
        return (own, problem);
    }

    private static (County? County, IResult? Problem) Own(string? claimed, CountyCatalog counties)
    {
        if (!counties.ServesSeveral)
            return claimed is null || claimed == counties.Only.Id
                ? (counties.Only, null)
                : (null, Forbidden($"The token's county '{claimed}' is not served here; this installation serves {counties.Only.Id}."));
        if (claimed is null)
            return (null, Forbidden($"The token carries no '{Claim}' claim; this installation serves several counties, and each token names its own."));
        return counties.Find(claimed) is { } own ? (own, null) : (null, Forbidden($"The token's county '{claimed}' is not served here."));
    }

    private static IResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);

    /// <summary>Tells Wolverine the county's tenant, so the sessions it opens for endpoints are that county's.</summary>
    public sealed class TenantDetection : ITenantDetection
    {
        public ValueTask<string?> DetectTenant(HttpContext context) => ValueTask.FromResult(context.Features.Get<County>()?.TenantId);
    }
}
