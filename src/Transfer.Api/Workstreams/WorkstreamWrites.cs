using JasperFx.Events;
using Microsoft.AspNetCore.Http.HttpResults;
using Transfer.Domain.Common;
using Transfer.Domain.Organisations;
using Transfer.Domain.Workstreams;
using Transfer.Api.Writing;

namespace Transfer.Api.Workstreams;

/// <summary>What every write to a workstream answers: the stream's new version (also sent as the ETag).</summary>
public sealed record WorkstreamVersion(string WorkstreamId, long Version);

/// <summary>The steps the writes to a workstream share, in the order an endpoint takes them.</summary>
public static class WorkstreamWrites
{
    /// <summary>Queues the workstream's stream for writing, behind its lock.</summary>
    public static Task<IEventStream<Workstream>> FetchWorkstream(this WriteTransaction write, string workstreamId) =>
        write.FetchForWriting<Workstream>(StreamKeys.Workstream(workstreamId));

    /// <summary>Queues a read of the organisation a request names; none when it names none.</summary>
    public static Task<Organisation?> LoadOrganisation(this WriteTransaction write, string? organisationId) =>
        organisationId is null ? Task.FromResult<Organisation?>(null) : write.Load<Organisation>(organisationId);

    /// <summary>
    /// 404 when there is no such workstream; 412 when If-Match names a version that is no longer current
    /// (read behind the stream's lock, so this is the current version).
    /// </summary>
    public static ProblemHttpResult? Unwritable(this WriteTransaction write, IEventStream<Workstream> stream, string workstreamId)
    {
        if (stream.Aggregate is null)
            return Problems.NotFound("workstream", workstreamId);
        if (write.ExpectedVersion is { } expected && stream.Aggregate.Version != expected)
            return Problems.PreconditionFailed(Writes.StaleVersion);
        return null;
    }

    /// <summary>400 naming the field when the request names an organisation that is not registered.</summary>
    public static ProblemHttpResult? Unregistered(string field, string? organisationId, Organisation? found) =>
        organisationId is not null && found is null ? Problems.UnknownReference(field, "organisation", organisationId) : null;

    /// <summary>Appends the one event the domain decided on and commits; or answers with the domain's refusal.</summary>
    public static async Task<IResult> Append(this WriteTransaction write, IEventStream<Workstream> stream, Verdict verdict,
        int successStatus = StatusCodes.Status201Created)
    {
        if (verdict.Rejection is { } rejection)
            return Problems.From(rejection);
        stream.AppendOne(verdict.Event!);
        var version = stream.Aggregate!.Version + 1;
        return await write.Commit(successStatus, new WorkstreamVersion(stream.Aggregate.Id, version), version: version);
    }
}
