using System.ComponentModel.DataAnnotations;
using Transfer.Domain.Common;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.TransferringContracts;

namespace Transfer.Api.Workstreams.TransferringContracts;

/// <param name="OccurredOn">The business date the contract moved, YYYY-MM-DD.</param>
public sealed record TransferContractRequest(
    [property: Required, IdField] string? OrganisationId, [property: Required] string? ContractRef, string? Counterparty,
    [property: Required, DateField] string? OccurredOn);

public static class TransferContractEndpoint
{
    [WolverinePost("/api/workstreams/{id}/contracts", OperationId = "TransferContract", Summary = "Record a contract transferred"), Authorize(Roles = Roles.Writers)]
    [Tags(ApiTags.WorkstreamEvents), Refuses(400, 404, 409), AcceptsIfMatch]
    [ProducesResponseType<WorkstreamVersion>(StatusCodes.Status201Created)]
    public static Task<IResult> Post(string id, TransferContractRequest request, WritePipeline writes, HttpContext http)
    {
        var fields = new RequestFields();
        request = fields.Body(request);
        var command = new TransferContract(
            fields.Id("organisationId", request.OrganisationId), fields.Text("contractRef", request.ContractRef),
            fields.OptionalText("counterparty", request.Counterparty), fields.Date("occurredOn", request.OccurredOn));
        return writes.AppendToWorkstream(http, id, request, fields,
            WorkstreamWrites.Organisation("organisationId", command.OrganisationId), command.Item, command.Decide);
    }
}
