using Marten;
using Transfer.Domain.Organisations;

namespace Transfer.Api.Organisations.Listing;

public static class OrganisationEndpoints
{
    [WolverineGet("/api/organisations", OperationId = "ListOrganisations"), Authorize(Roles = Roles.Readers)]
    public static async Task<IReadOnlyList<Organisation>> List(IQuerySession session, CancellationToken cancellation) =>
        await session.Query<Organisation>().OrderBy(o => o.Id).ToListAsync(cancellation);

    [WolverineGet("/api/organisations/{id}", OperationId = "GetOrganisation"), Authorize(Roles = Roles.Readers)]
    [ProducesResponseType<Organisation>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string id, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<Organisation>(id, cancellation) is { } organisation
            ? Results.Ok(organisation)
            : Problems.NotFound("organisation", id);
}
