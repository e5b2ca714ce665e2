using System.ComponentModel.DataAnnotations;
using Transfer.Api.Security;
using Transfer.Api.Writing;
using Transfer.Domain.Workstreams.MakingDecisions;

namespace Transfer.Api.Workstreams.MakingDecisions;

/// <param name="OrganisationId">Leave out for a county-level decision.</param>
/// <param name="Body">The decision-making body, e.g. "aluevaltuusto" or "Tampereen kaupunginvaltuusto".</param>
/// <param name="OccurredOn">YYYY-MM-DD</param>
public sealed record MakeDecisionRequest(
    [property: IdField] string? OrganisationId, [property: Required] string? Body, [property: Required] string? Reference, [property: Required] string? Title,
    [property: Required, DateField] string? OccurredOn);

public static class MakeDecisionEndpoint
{
    /// <summary>The command the request's fields make, each field at fault named on <paramref name="fields"/> (imports read their rows with it too).</summary>
    public static MakeDecision Read(MakeDecisionRequest request, RequestFields fields) => new(
        fields.OptionalId("organisationId", request.OrganisationId), fields.Text("body", request.Body),
        fields.Text("reference", request.Reference), fields.Text("title", request.Title),
        fields.Date("occurredOn", request.OccurredOn));

    [WolverinePost("/api/workstreams/{id}/decisions", OperationId = "MakeDecision", Summary = "Record a decision made"), Authorize(Roles = Roles.Writers)]
    [Tags(ApiTags.WorkstreamEvents), Refuses(400, 404, 409), AcceptsIfMatch]
    [ProducesResponseType<WorkstreamVersion>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(string id, MakeDecisionRequest request, Writes writes, HttpContext http)
    {
        var fields = new RequestFields();
        request = fields.Body(request);
        var command = Read(request, fields);
        await using var write = await writes.Begin(http, request, fields);
        if (write.Answer is { } answer) return answer;

        return await write.DecideAndCommit(id, command);
    }
}
