using System.ComponentModel.DataAnnotations;
using Transfer.Api.Security;
using Transfer.Api.Writing;
using Transfer.Domain.Workstreams.TransferringContracts;

namespace Transfer.Api.Workstreams.TransferringContracts;

/// <param name="OccurredOn">The business date the contract moved, YYYY-MM-DD.</param>
public sealed record TransferContractRequest(
    [property: Required, IdField] string? OrganisationId, [property: Required] string? ContractRef, string? Counterparty,
    [property: Required, DateField] string? OccurredOn);

public static class TransferContractEndpoint
{
    /// <summary>The command the request's fields make, each field at fault named on <paramref name="fields"/> (imports read their rows with it too).</summary>
    public static TransferContract Read(TransferContractRequest request, RequestFields fields) => new(
        fields.Id("organisationId", request.OrganisationId), fields.Text("contractRef", request.ContractRef),
        fields.OptionalText("counterparty", request.Counterparty), fields.Date("occurredOn", request.OccurredOn));

    [WolverinePost("/api/workstreams/{id}/contracts", OperationId = "TransferContract", Summary = "Record a contract transferred"), Authorize(Roles = Roles.Writers)]
    [Tags(ApiTags.WorkstreamEvents), Refuses(400, 404, 409), AcceptsIfMatch]
    [ProducesResponseType<WorkstreamVersion>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(string id, TransferContractRequest request, Writes writes, HttpContext http)
    {
        var fields = new RequestFields();
        request = fields.Body(request);
        var command = Read(request, fields);
        await using var write = await writes.Begin(http, request, fields);
        if (write.Answer is { } answer) return answer;

        return await write.DecideAndCommit(id, command);
    }
}
