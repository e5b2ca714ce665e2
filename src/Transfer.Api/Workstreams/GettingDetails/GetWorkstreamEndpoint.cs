using Marten;
using Transfer.Api.Boards;
using Transfer.Api.Security;
using Transfer.Domain.Common;
using Transfer.Domain.Readiness;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.AssessingStatus;

namespace Transfer.Api.Workstreams.GettingDetails;

public sealed record AssessmentInForce(AssessmentDimension Dimension, Rag Rag, string Rationale, DateOnly OccurredOn);

/// <summary>A workstream as of a date: its due date in force, its colours, its targets and the assessments behind them.</summary>
/// <param name="Version">The stream version known at knownAt (the current one without it).</param>
public sealed record WorkstreamView(
    string Id, string Name, string WorkingGroupId, WorkstreamCategory Category, DateOnly StartDate, DateOnly DueDate, long Version,
    WorkstreamRag Rag, IReadOnlyList<TargetStatus> Targets, IReadOnlyList<AssessmentInForce> Assessments, DateOnly AsOf);

public static class GetWorkstreamEndpoint
{
    [WolverineGet("/api/workstreams/{id}", OperationId = "GetWorkstream", Summary = "A workstream's colours and targets"), Authorize(Roles = Roles.Readers)]
    [Tags(ApiTags.StatusViews), Refuses(400, 404), Exports]
    [SendsHeader("ETag", "The workstream's current version (whatever knownAt says), to send as If-Match on a write.")]
    [ProducesResponseType<WorkstreamView>(StatusCodes.Status200OK)]
    [BoardHorizonParameters]
    public static async Task<IResult> Get(
        string id, string? asOf, string? knownAt, string? format, IQuerySession session, HelsinkiClock clock, HttpContext http, CancellationToken cancellation)
    {
        var (horizon, workbook, problem) = BoardHorizon.Read(http, asOf, knownAt, format, clock);
        if (problem is not null) return problem;

        var batch = session.CreateBatchQuery();
        var current = batch.Load<Workstream>(id);
        var profile = batch.Load<WorkstreamProfile>(id);
        var tallies = TallyValues.Query(batch, session.TenantId, horizon!, id);
        await batch.Execute(cancellation);

        if (await current is not { } workstream || await profile is not { } registered
            || WorkstreamStatus.Evaluate(registered, TallyValues.ByWorkstream(await tallies).GetValueOrDefault(id, TallyValues.None), horizon!) is not { } status)
            return Problems.NotFound("workstream", id);

        // The ETag is always the current stream version: send it back in If-Match to write only if nothing changed since.
        http.Response.Headers.ETag = $"\"{workstream.Version}\"";
        var version = horizon!.KnownAt is { } instant ? await VersionKnownAt(session, id, instant, cancellation) : workstream.Version;
        var view = new WorkstreamView(registered.Id, registered.Name, registered.WorkingGroupId, registered.Category, registered.StartDate,
            status.DueDate, version, status.Rag, status.Targets, await Rationales(session, id, status.Assessments, cancellation), horizon.AsOf);
        return workbook ? WorkstreamWorkbook.Of(view) : Results.Ok(view);
    }

    /// <summary>
    /// The stream version as known at an instant: the last event recorded by then. Within a stream, events
    /// are recorded in version order (the write path holds the workstream's lock), so PostgreSQL finds it by
    /// a binary search over versions, one primary-key probe a step, whatever the stream's length.
    /// </summary>
    private static async Task<long> VersionKnownAt(IQuerySession session, string id, DateTimeOffset knownAt, CancellationToken cancellation)
    {
        var found = await session.AdvancedSql.QueryAsync<long>($"""
            with recursive search(low, high) as (
                select 0::bigint, (select coalesce(max(version), 0) from {EventStoreSetup.Schema}.mt_events where tenant_id = ? and stream_id = ?)
                union all
                select case when probe.timestamp <= ? then middle.version else low end,
                       case when probe.timestamp <= ? then high else middle.version - 1 end
                from search
                cross join lateral (select (low + high + 1) / 2 as version) middle
                cross join lateral (select e.timestamp from {EventStoreSetup.Schema}.mt_events e where e.tenant_id = ? and e.stream_id = ? and e.version = middle.version) probe
                where low < high)
            select max(low) from search
            """, cancellation, session.TenantId, id, knownAt.ToUniversalTime(), knownAt.ToUniversalTime(), session.TenantId, id);
        return Math.Max(1, found.Single());
    }

    /// <summary>The assessments in force with their rationales, read from the assessments' own events.</summary>
    private static async Task<IReadOnlyList<AssessmentInForce>> Rationales(
        IQuerySession session, string id, IReadOnlyList<AssessmentRef> assessments, CancellationToken cancellation)
    {
        if (assessments.Count == 0) return [];
        var versions = assessments.Select(assessment => assessment.Version).ToArray();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey == id && versions.Contains(e.Version))
            .ToListAsync(cancellation);
        var byVersion = events.Where(e => e.Data is StatusAssessed).ToDictionary(e => e.Version, e => (StatusAssessed)e.Data);
        return assessments
            .Where(assessment => byVersion.ContainsKey(assessment.Version))
            .Select(assessment => byVersion[assessment.Version])
            .Select(e => new AssessmentInForce(e.Dimension, e.Rag, e.Rationale, e.OccurredOn))
            .ToList();
    }
}
