using System.ComponentModel.DataAnnotations;
using Transfer.Api.Security;
using Transfer.Api.Writing;
using Transfer.Domain.Common;
using Transfer.Domain.WorkingGroups;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.Registering;

namespace Transfer.Api.Workstreams.Registering;

/// <param name="Category">finance, administration, hr, ict, services or other</param>
/// <param name="StartDate">YYYY-MM-DD</param>
/// <param name="DueDate">YYYY-MM-DD, on or after the start date</param>
public sealed record RegisterWorkstreamRequest(
    [property: Required, IdField] string? Id, [property: Required] string? Name, [property: Required, IdField] string? WorkingGroupId,
    [property: Required, OneOf(typeof(WorkstreamCategory))] string? Category,
    [property: Required, DateField] string? StartDate, [property: Required, DateField] string? DueDate);

/// <summary>A new workstream's identity, dates and stream version.</summary>
public sealed record RegisteredWorkstream(
    string Id, string Name, string WorkingGroupId, WorkstreamCategory Category, DateOnly StartDate, DateOnly DueDate, long Version);

public static class RegisterWorkstreamEndpoint
{
    [WolverinePost("/api/workstreams", OperationId = "RegisterWorkstream", Summary = "Register a workstream"), Authorize(Roles = Roles.Writers)]
    [Tags(ApiTags.ReferenceData), Refuses(400, 409)]
    [SendsHeader("Location", "The new workstream's address."), SendsHeader("ETag", "The workstream's version, \"1\", to send as If-Match on the next write.")]
    [ProducesResponseType<RegisteredWorkstream>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(RegisterWorkstreamRequest request, Writes writes, HttpContext http)
    {
        var fields = new RequestFields();
        request = fields.Body(request);
        var command = new RegisterWorkstream(
            fields.Id("id", request.Id), fields.Text("name", request.Name), fields.Id("workingGroupId", request.WorkingGroupId),
            fields.Enum<WorkstreamCategory>("category", request.Category),
            fields.Date("startDate", request.StartDate), fields.Date("dueDate", request.DueDate));
        await using var write = await writes.Begin(http, request, fields);
        if (write.Answer is { } answer) return answer;

        var key = StreamKeys.Workstream(command.WorkstreamId);
        var existing = write.ExistingStream(key);
        var group = write.Load<WorkingGroup>(command.WorkingGroupId);
        await write.Read();

        if (await existing is not null) return Problems.Conflict(Writes.AlreadyExists);
        if (await group is null)
            return Problems.UnknownReference("workingGroupId", "working group", command.WorkingGroupId);
        var verdict = command.Decide();
        if (verdict.Rejection is { } rejection)
            return Problems.From(rejection);

        var registered = (WorkstreamRegistered)verdict.Event!;
        write.Session.Events.StartStream<Workstream>(key, registered);
        var created = new RegisteredWorkstream(registered.WorkstreamId, registered.Name, registered.WorkingGroupId,
            registered.Category, registered.StartDate, registered.DueDate, Version: 1);
        return await write.Commit(StatusCodes.Status201Created, created, location: $"/api/workstreams/{registered.WorkstreamId}", version: 1);
    }
}
