using System.ComponentModel.DataAnnotations;
using Transfer.Api.Security;
using Transfer.Api.Writing;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.Retracting;

namespace Transfer.Api.Workstreams.Retracting;

/// <param name="Kind">contract, system or decision</param>
/// <param name="Ref">The contractRef, systemArea or decision reference to withdraw.</param>
/// <param name="OccurredOn">From this date on the item no longer counts, YYYY-MM-DD.</param>
public sealed record RetractItemRequest(
    [property: Required, OneOf(typeof(ItemKind))] string? Kind, [property: IdField] string? OrganisationId, [property: Required] string? Ref,
    [property: Required] string? Reason, [property: Required, DateField] string? OccurredOn);

public static class RetractItemEndpoint
{
    /// <summary>The command the request's fields make, each field at fault named on <paramref name="fields"/> (imports read their rows with it too).</summary>
    public static RetractItem Read(RetractItemRequest request, RequestFields fields) => new(
        fields.Enum<ItemKind>("kind", request.Kind), fields.OptionalId("organisationId", request.OrganisationId),
        fields.Text("ref", request.Ref), fields.Text("reason", request.Reason), fields.Date("occurredOn", request.OccurredOn));

    [WolverinePost("/api/workstreams/{id}/retractions", OperationId = "RetractItem", Summary = "Retract a counted item",
        Description = "A correction: the contract, system or decision no longer counts from occurredOn on. Nothing is deleted."), Authorize(Roles = Roles.Writers)]
    [Tags(ApiTags.WorkstreamEvents), Refuses(400, 404, 409), AcceptsIfMatch]
    [ProducesResponseType<WorkstreamVersion>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(string id, RetractItemRequest request, Writes writes, HttpContext http)
    {
        var fields = new RequestFields();
        request = fields.Body(request);
        var command = Read(request, fields);
        await using var write = await writes.Begin(http, request, fields);
        if (write.Answer is { } answer) return answer;

        return await write.DecideAndCommit(id, command);
    }
}
