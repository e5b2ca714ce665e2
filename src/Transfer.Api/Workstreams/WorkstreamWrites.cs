using Transfer.Domain.Common;
using Transfer.Domain.Organisations;
using Transfer.Domain.Workstreams;

namespace Transfer.Api.Workstreams;

/// <summary>What every write to a workstream answers: the stream's new version (also sent as the ETag).</summary>
public sealed record WorkstreamVersion(string WorkstreamId, long Version);

/// <param name="Field">The request field that names the organisation, for the 400 when it does not exist.</param>
public sealed record OrganisationReference(string Field, string? OrganisationId);

public static class WorkstreamWrites
{
    /// <summary>Appends an event that concerns no counted item (targets, rescheduling, staff data, assessments).</summary>
    public static Task<IResult> AppendToWorkstream(
        this WritePipeline writes, HttpContext http, string workstreamId, object request, RequestFields fields,
        IEnumerable<OrganisationReference> references, Func<Workstream, DateOnly, Verdict> decide,
        int successStatus = StatusCodes.Status201Created) =>
        writes.AppendToWorkstream(http, workstreamId, request, fields, references, item: null,
            (workstream, _, today) => decide(workstream, today), successStatus);

    /// <summary>
    /// Loads the workstream, the organisations the request names and the counted item it posts or
    /// retracts in one round trip, checks If-Match, lets the domain decide, and appends the one event
    /// it decided on.
    /// </summary>
    public static Task<IResult> AppendToWorkstream(
        this WritePipeline writes, HttpContext http, string workstreamId, object request, RequestFields fields,
        IEnumerable<OrganisationReference> references, ItemKey? item, Func<Workstream, CountedItem?, DateOnly, Verdict> decide,
        int successStatus = StatusCodes.Status201Created) =>
        writes.Run(http, request, fields, attempt =>
        {
            var key = StreamKeys.Workstream(workstreamId);
            attempt.WaitForOtherWritersOf(key);
            var stream = attempt.Batch.Events.FetchForWriting<Workstream>(key);
            var organisations = references
                .Where(reference => reference.OrganisationId is not null)
                .Select(reference => (reference, found: attempt.Batch.Load<Organisation>(reference.OrganisationId!)))
                .ToList();
            var recorded = item is null ? null : attempt.Batch.Load<CountedItem>(CountedItem.IdOf(workstreamId, item));

            return () =>
            {
                var workstream = stream.Result;
                if (workstream.Aggregate is null)
                    return Problems.NotFound("workstream", workstreamId);
                // Read behind the stream's lock, so this is the current version. It is compared only after
                // the pipeline found no earlier answer to this Idempotency-Key: a retry gets that answer.
                if (attempt.ExpectedVersion is { } expected && workstream.Aggregate.Version != expected)
                    return Problems.PreconditionFailed(WritePipeline.StaleVersion);
                foreach (var (reference, found) in organisations)
                    if (found.Result is null)
                        return Problems.UnknownReference(reference.Field, "organisation", reference.OrganisationId!);

                var decision = decide(workstream.Aggregate, recorded?.Result, attempt.Today);
                if (decision.Rejection is { } rejection)
                    return Problems.From(rejection);

                workstream.AppendOne(decision.Event!);
                var version = workstream.Aggregate.Version + 1;
                return new WriteOutcome.Saved(successStatus, new WorkstreamVersion(workstreamId, version), Version: version);
            };
        });

    public static OrganisationReference[] Organisation(string field, string? organisationId) => [new(field, organisationId)];

    public static readonly OrganisationReference[] NoOrganisation = [];
}
