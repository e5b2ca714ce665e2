using System.ComponentModel.DataAnnotations;
using Transfer.Api.Security;
using Transfer.Api.Writing;
using Transfer.Domain.Common;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.AssessingStatus;

namespace Transfer.Api.Workstreams.AssessingStatus;

/// <param name="Dimension">deliverables, schedule, cost, benefits, risk or overall</param>
/// <param name="Rag">red, amber or green</param>
/// <param name="OccurredOn">YYYY-MM-DD</param>
public sealed record AssessStatusRequest(
    [property: Required, OneOf(typeof(AssessmentDimension))] string? Dimension, [property: Required, OneOf(typeof(Rag), Only = ["red", "amber", "green"])] string? Rag,
    [property: Required] string? Rationale, [property: Required, DateField] string? OccurredOn);

public static class AssessStatusEndpoint
{
    /// <summary>The command the request's fields make, each field at fault named on <paramref name="fields"/> (imports read their rows with it too).</summary>
    public static AssessStatus Read(AssessStatusRequest request, RequestFields fields) => new(
        fields.Enum<AssessmentDimension>("dimension", request.Dimension), fields.Enum("rag", request.Rag, Rag.Red, Rag.Amber, Rag.Green),
        fields.Text("rationale", request.Rationale), fields.Date("occurredOn", request.OccurredOn));

    [WolverinePost("/api/workstreams/{id}/assessments", OperationId = "AssessStatus", Summary = "Record the PMO's status assessment"), Authorize(Roles = Roles.Writers)]
    [Tags(ApiTags.WorkstreamEvents), Refuses(400, 404), AcceptsIfMatch]
    [ProducesResponseType<WorkstreamVersion>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(string id, AssessStatusRequest request, Writes writes, HttpContext http)
    {
        var fields = new RequestFields();
        request = fields.Body(request);
        var command = Read(request, fields);
        await using var write = await writes.Begin(http, request, fields);
        if (write.Answer is { } answer) return answer;

        return await write.DecideAndCommit(id, command);
    }
}
