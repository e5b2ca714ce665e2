using System.ComponentModel.DataAnnotations;
using Transfer.Api.Security;
using Transfer.Api.Writing;
using Transfer.Domain.Workstreams.ReceivingStaffData;

namespace Transfer.Api.Workstreams.ReceivingStaffData;

/// <param name="Complete">false while a supplementary data request is open</param>
/// <param name="OccurredOn">YYYY-MM-DD</param>
public sealed record ReceiveStaffDataRequest(
    [property: Required, IdField] string? OrganisationId, [property: Required, Range(0, int.MaxValue)] int? Employees, [property: Required] bool? Complete,
    [property: Required, DateField] string? OccurredOn);

public static class ReceiveStaffDataEndpoint
{
    /// <summary>The command the request's fields make, each field at fault named on <paramref name="fields"/> (imports read their rows with it too).</summary>
    public static ReceiveStaffData Read(ReceiveStaffDataRequest request, RequestFields fields) => new(
        fields.Id("organisationId", request.OrganisationId), fields.Required("employees", request.Employees),
        fields.Required("complete", request.Complete), fields.Date("occurredOn", request.OccurredOn));

    [WolverinePost("/api/workstreams/{id}/staff-data", OperationId = "ReceiveStaffData", Summary = "Record staff data received"), Authorize(Roles = Roles.Writers)]
    [Tags(ApiTags.WorkstreamEvents), Refuses(400, 404), AcceptsIfMatch]
    [ProducesResponseType<WorkstreamVersion>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(string id, ReceiveStaffDataRequest request, Writes writes, HttpContext http)
    {
        var fields = new RequestFields();
        request = fields.Body(request);
        var command = Read(request, fields);
        await using var write = await writes.Begin(http, request, fields);
        if (write.Answer is { } answer) return answer;

        return await write.DecideAndCommit(id, command);
    }
}
