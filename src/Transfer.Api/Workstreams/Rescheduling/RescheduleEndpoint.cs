using System.ComponentModel.DataAnnotations;
using Transfer.Api.Security;
using Transfer.Api.Writing;
using Transfer.Domain.Workstreams.Rescheduling;

namespace Transfer.Api.Workstreams.Rescheduling;

/// <param name="DueDate">The new due date, YYYY-MM-DD, on or after the start date.</param>
/// <param name="OccurredOn">From this date on the new due date is in force, YYYY-MM-DD.</param>
public sealed record RescheduleRequest([property: Required, DateField] string? DueDate, [property: Required] string? Reason, [property: Required, DateField] string? OccurredOn);

public static class RescheduleEndpoint
{
    [WolverinePost("/api/workstreams/{id}/reschedule", OperationId = "Reschedule", Summary = "Move a workstream's due date"), Authorize(Roles = Roles.Writers)]
    [Tags(ApiTags.ReferenceData), Refuses(400, 404), AcceptsIfMatch]
    [ProducesResponseType<WorkstreamVersion>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(string id, RescheduleRequest request, Writes writes, HttpContext http)
    {
        var fields = new RequestFields();
        request = fields.Body(request);
        var command = new Reschedule(
            fields.Date("dueDate", request.DueDate), fields.Text("reason", request.Reason), fields.Date("occurredOn", request.OccurredOn));
        await using var write = await writes.Begin(http, request, fields);
        if (write.Answer is { } answer) return answer;

        return await write.DecideAndCommit(id, command, StatusCodes.Status200OK);
    }
}
