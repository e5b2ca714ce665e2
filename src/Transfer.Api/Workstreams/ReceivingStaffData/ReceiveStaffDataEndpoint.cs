using System.ComponentModel.DataAnnotations;
using Transfer.Domain.Common;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.ReceivingStaffData;

namespace Transfer.Api.Workstreams.ReceivingStaffData;

/// <param name="Complete">false while a supplementary data request is open</param>
/// <param name="OccurredOn">YYYY-MM-DD</param>
public sealed record ReceiveStaffDataRequest(
    [property: Required, IdField] string? OrganisationId, [property: Required, Range(0, int.MaxValue)] int? Employees, [property: Required] bool? Complete,
    [property: Required, DateField] string? OccurredOn);

public static class ReceiveStaffDataEndpoint
{
    [WolverinePost("/api/workstreams/{id}/staff-data", OperationId = "ReceiveStaffData", Summary = "Record staff data received"), Authorize(Roles = Roles.Writers)]
    [Tags(ApiTags.WorkstreamEvents), Refuses(400, 404), AcceptsIfMatch]
    [ProducesResponseType<WorkstreamVersion>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(string id, ReceiveStaffDataRequest request, WritePipeline writes, HttpContext http)
    {
        var fields = new RequestFields();
        request = fields.Body(request);
        var command = new ReceiveStaffData(
            fields.Id("organisationId", request.OrganisationId), fields.Required("employees", request.Employees),
            fields.Required("complete", request.Complete), fields.Date("occurredOn", request.OccurredOn));
        return writes.AppendToWorkstream(http, id, request, fields,
            WorkstreamWrites.Organisation("organisationId", command.OrganisationId), command.Decide);
    }
}
