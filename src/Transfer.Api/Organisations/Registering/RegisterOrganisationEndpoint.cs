using System.ComponentModel.DataAnnotations;
using Transfer.Api.Security;
using Transfer.Api.Writing;
using Transfer.Domain.Common;
using Transfer.Domain.Organisations;

namespace Transfer.Api.Organisations.Registering;

/// <param name="Kind">municipality, hospital-district, rescue-department or other</param>
public sealed record RegisterOrganisationRequest(
    [property: Required, IdField] string? Id, [property: Required] string? Name, [property: Required, OneOf(typeof(OrganisationKind))] string? Kind);

public sealed record RegisteredOrganisation(string Id, string Name, OrganisationKind Kind);

public static class RegisterOrganisationEndpoint
{
    [WolverinePost("/api/organisations", OperationId = "RegisterOrganisation", Summary = "Register an organisation"), Authorize(Roles = Roles.Writers)]
    [Tags(ApiTags.ReferenceData), Refuses(400, 409), SendsHeader("Location", "The new organisation's address.")]
    [ProducesResponseType<RegisteredOrganisation>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(RegisterOrganisationRequest request, Writes writes, HttpContext http)
    {
        var fields = new RequestFields();
        request = fields.Body(request);
        var registered = new OrganisationRegistered(
            fields.Id("id", request.Id), fields.Text("name", request.Name), fields.Enum<OrganisationKind>("kind", request.Kind));
        await using var write = await writes.Begin(http, request, fields);
        if (write.Answer is { } answer) return answer;

        var key = StreamKeys.Organisation(registered.OrganisationId);
        var existing = write.ExistingStream(key);
        await write.Read();

        if (await existing is not null) return Problems.Conflict(Writes.AlreadyExists);
        write.Session.Events.StartStream(key, registered);
        return await write.Commit(StatusCodes.Status201Created, new RegisteredOrganisation(registered.OrganisationId, registered.Name, registered.Kind),
            location: $"/api/organisations/{registered.OrganisationId}");
    }
}
