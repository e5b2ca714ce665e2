using System.ComponentModel.DataAnnotations;
using Transfer.Api.Security;
using Transfer.Api.Writing;
using Transfer.Domain.Common;
using Transfer.Domain.WorkingGroups;

namespace Transfer.Api.WorkingGroups.Registering;

/// <param name="ParentId">The section or group this one belongs to; leave out for a top-level group.</param>
public sealed record RegisterWorkingGroupRequest([property: Required, IdField] string? Id, [property: Required] string? Name, [property: IdField] string? ParentId);

public sealed record RegisteredWorkingGroup(string Id, string Name, string? ParentId);

public static class RegisterWorkingGroupEndpoint
{
    [WolverinePost("/api/working-groups", OperationId = "RegisterWorkingGroup", Summary = "Register a working group or section"), Authorize(Roles = Roles.Writers)]
    [Tags(ApiTags.ReferenceData), Refuses(400, 409), SendsHeader("Location", "The new working group's address.")]
    [ProducesResponseType<RegisteredWorkingGroup>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(RegisterWorkingGroupRequest request, Writes writes, HttpContext http)
    {
        var fields = new RequestFields();
        request = fields.Body(request);
        var registered = new WorkingGroupRegistered(
            fields.Id("id", request.Id), fields.Text("name", request.Name), fields.OptionalId("parentId", request.ParentId));
        await using var write = await writes.Begin(http, request, fields);
        if (write.Answer is { } answer) return answer;

        var key = StreamKeys.WorkingGroup(registered.WorkingGroupId);
        var existing = write.ExistingStream(key);
        var parent = registered.ParentId is null ? null : write.Load<WorkingGroup>(registered.ParentId);
        await write.Read();

        if (await existing is not null) return Problems.Conflict(Writes.AlreadyExists);
        // A parent must exist before its children, so the tree can never hold a cycle.
        if (parent is not null && await parent is null)
            return Problems.UnknownReference("parentId", "working group", registered.ParentId!);
        write.Session.Events.StartStream(key, registered);
        return await write.Commit(StatusCodes.Status201Created, new RegisteredWorkingGroup(registered.WorkingGroupId, registered.Name, registered.ParentId),
            location: $"/api/working-groups/{registered.WorkingGroupId}");
    }
}
