using System.ComponentModel.DataAnnotations;
using Transfer.Api.Security;
using Transfer.Api.Writing;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.SettingTargets;

namespace Transfer.Api.Workstreams.SettingTargets;

/// <param name="OrganisationId">Leave out for a county-level target.</param>
/// <param name="Kind">contract, system, staffData or decision</param>
/// <param name="Expected">How many items make the target, at least 1.</param>
public sealed record TargetRequest(
    [property: IdField] string? OrganisationId, [property: Required, OneOf(typeof(TargetKind))] string? Kind, [property: Required, Range(1, int.MaxValue)] int? Expected);

/// <param name="OccurredOn">From this date on these targets are in force, YYYY-MM-DD.</param>
public sealed record SetTargetsRequest(
    [property: Required, DateField] string? OccurredOn, [property: Required, MinLength(1), MaxLength(SetTargetsEndpoint.MaxTargetsPerRequest)] IReadOnlyList<TargetRequest?>? Targets);

public static class SetTargetsEndpoint
{
    /// <summary>
    /// More targets than a county has organisations times kinds of target, with room to spare: a bound on
    /// what one request may write (each target is a register of its own).
    /// </summary>
    public const int MaxTargetsPerRequest = 500;

    [WolverinePut("/api/workstreams/{id}/targets", OperationId = "SetTargets", Summary = "Set targets of a workstream",
        Description = "Sets these (organisation, kind) targets from occurredOn on and leaves the others as they were."), Authorize(Roles = Roles.Writers)]
    [Tags(ApiTags.ReferenceData), Refuses(400, 404), AcceptsIfMatch]
    [ProducesResponseType<WorkstreamVersion>(StatusCodes.Status200OK)]
    public static async Task<IResult> Put(string id, SetTargetsRequest request, Writes writes, HttpContext http)
    {
        var fields = new RequestFields();
        request = fields.Body(request);
        var occurredOn = fields.Date("occurredOn", request.OccurredOn);
        if (request.Targets is null)
            fields.Add("targets", "is required");
        else if (request.Targets is { Count: > MaxTargetsPerRequest })
            fields.Add("targets", $"may hold at most {MaxTargetsPerRequest} targets in one request");
        var targets = new List<Target>();
        foreach (var (target, i) in (request.Targets ?? []).Select((target, i) => (target, i)))
        {
            if (target is null)
            {
                fields.Add($"targets[{i}]", "is required");
                continue;
            }
            targets.Add(new Target(fields.OptionalId($"targets[{i}].organisationId", target.OrganisationId),
                fields.Enum<TargetKind>($"targets[{i}].kind", target.Kind), fields.Required($"targets[{i}].expected", target.Expected)));
        }
        var command = new SetTargets(targets, occurredOn);
        await using var write = await writes.Begin(http, request, fields);
        if (write.Answer is { } answer) return answer;

        return await write.DecideAndCommit(id, command, StatusCodes.Status200OK);
    }
}
