using Marten;
using Transfer.Api.Security;
using Transfer.Domain.Organisations;

namespace Transfer.Api.Organisations.Listing;

public static class OrganisationEndpoints
{
    [WolverineGet("/api/organisations", OperationId = "ListOrganisations", Summary = "Every organisation"), Authorize(Roles = Roles.Readers)]
    [Tags(ApiTags.ReferenceData)]
    public static async Task<IReadOnlyList<Organisation>> List(IQuerySession session, CancellationToken cancellation) =>
        await session.Query<Organisation>().OrderBy(o => o.Id).ToListAsync(cancellation);

    [WolverineGet("/api/organisations/{id}", OperationId = "GetOrganisation", Summary = "One organisation"), Authorize(Roles = Roles.Readers)]
    [Tags(ApiTags.ReferenceData), Refuses(404)]
    [ProducesResponseType<Organisation>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string id, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<Organisation>(id, cancellation) is { } organisation
            ? Results.Ok(organisation)
            : Problems.NotFound("organisation", id);
}
