using Marten;
using Transfer.Domain.Workstreams;

namespace Transfer.Api.Workstreams.GettingDetails;

public sealed record WorkstreamDetails(
    string Id, string Name, string WorkingGroupId, WorkstreamCategory Category, DateOnly StartDate, DateOnly DueDate, long Version)
{
    public static WorkstreamDetails From(Workstream workstream) => new(
        workstream.Id, workstream.Name, workstream.WorkingGroupId, workstream.Category,
        workstream.StartDate, workstream.DueDate, workstream.Version);
}

public static class GetWorkstreamEndpoint
{
    [WolverineGet("/api/workstreams/{id}", OperationId = "GetWorkstream"), Authorize(Roles = Roles.Readers)]
    [ProducesResponseType<WorkstreamDetails>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string id, IQuerySession session, HttpContext http, CancellationToken cancellation)
    {
        if (await session.LoadAsync<Workstream>(id, cancellation) is not { } workstream)
            return Problems.NotFound("workstream", id);
        // The ETag is the stream version: send it back in If-Match to write only if nothing changed since.
        http.Response.Headers.ETag = $"\"{workstream.Version}\"";
        return Results.Ok(WorkstreamDetails.From(workstream));
    }
}
