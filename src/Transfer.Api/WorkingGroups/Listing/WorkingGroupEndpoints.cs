using Marten;
using Transfer.Api.Security;
using Transfer.Domain.WorkingGroups;

namespace Transfer.Api.WorkingGroups.Listing;

public static class WorkingGroupEndpoints
{
    [WolverineGet("/api/working-groups", OperationId = "ListWorkingGroups", Summary = "Every working group and section"), Authorize(Roles = Roles.Readers)]
    [Tags(ApiTags.ReferenceData)]
    public static async Task<IReadOnlyList<WorkingGroup>> List(IQuerySession session, CancellationToken cancellation) =>
        await session.Query<WorkingGroup>().OrderBy(g => g.Id).ToListAsync(cancellation);

    [WolverineGet("/api/working-groups/{id}", OperationId = "GetWorkingGroup", Summary = "One working group"), Authorize(Roles = Roles.Readers)]
    [Tags(ApiTags.ReferenceData), Refuses(404)]
    [ProducesResponseType<WorkingGroup>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string id, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<WorkingGroup>(id, cancellation) is { } group
            ? Results.Ok(group)
            : Problems.NotFound("working group", id);
}
