using Transfer.Api.Security;

namespace Transfer.Api.Counties;

public sealed record CountyListing(string Id, string Name);

public static class CountyEndpoints
{
    [WolverineGet("/api/counties", OperationId = "ListCounties", Summary = "The counties the token may read",
        Description = "Every county this installation serves for the national role; the token's own county for the others."),
     Authorize(Roles = Roles.Readers)]
    [Tags(ApiTags.Counties)]
    [ProducesResponseType<IReadOnlyList<CountyListing>>(StatusCodes.Status200OK)]
    public static IResult List(HttpContext http, CountyCatalog counties)
    {
        if (http.User.IsInRole(Roles.National))
            return Results.Ok(counties.All.Select(county => new CountyListing(county.Id, county.Name)).ToList());
        var (own, problem) = CountyResolution.Resolve(http, counties);
        return problem ?? Results.Ok(new[] { new CountyListing(own!.Id, own.Name) });
    }
}
