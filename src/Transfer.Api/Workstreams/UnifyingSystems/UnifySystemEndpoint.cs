using System.ComponentModel.DataAnnotations;
using Transfer.Api.Security;
using Transfer.Api.Writing;
using Transfer.Domain.Workstreams.UnifyingSystems;

namespace Transfer.Api.Workstreams.UnifyingSystems;

/// <param name="SystemArea">e.g. patient-records, home-care, social-assistance, oral-health</param>
/// <param name="OccurredOn">YYYY-MM-DD</param>
public sealed record UnifySystemRequest(
    [property: Required, IdField] string? OrganisationId, [property: Required] string? SystemArea, string? FromSystem, string? ToSystem,
    [property: Required, DateField] string? OccurredOn);

public static class UnifySystemEndpoint
{
    /// <summary>The command the request's fields make, each field at fault named on <paramref name="fields"/> (imports read their rows with it too).</summary>
    public static UnifySystem Read(UnifySystemRequest request, RequestFields fields) => new(
        fields.Id("organisationId", request.OrganisationId), fields.Text("systemArea", request.SystemArea),
        fields.OptionalText("fromSystem", request.FromSystem), fields.OptionalText("toSystem", request.ToSystem),
        fields.Date("occurredOn", request.OccurredOn));

    [WolverinePost("/api/workstreams/{id}/systems", OperationId = "UnifySystem", Summary = "Record an information system unified"), Authorize(Roles = Roles.Writers)]
    [Tags(ApiTags.WorkstreamEvents), Refuses(400, 404, 409), AcceptsIfMatch]
    [ProducesResponseType<WorkstreamVersion>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(string id, UnifySystemRequest request, Writes writes, HttpContext http)
    {
        var fields = new RequestFields();
        request = fields.Body(request);
        var command = Read(request, fields);
        await using var write = await writes.Begin(http, request, fields);
        if (write.Answer is { } answer) return answer;

        return await write.DecideAndCommit(id, command);
    }
}
