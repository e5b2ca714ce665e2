using Marten;
using Transfer.Api.Boards;
using Transfer.Domain.Readiness;
using Transfer.Domain.Workstreams;

namespace Transfer.Api.Workstreams.GettingDetails;

/// <summary>A workstream as of a date: its due date in force, its colours, its targets and the assessments behind them.</summary>
/// <param name="Version">The stream version known at knownAt (the current one without it).</param>
public sealed record WorkstreamView(
    string Id, string Name, string WorkingGroupId, WorkstreamCategory Category, DateOnly StartDate, DateOnly DueDate, long Version,
    WorkstreamRag Rag, IReadOnlyList<TargetStatus> Targets, IReadOnlyList<AssessmentInForce> Assessments, DateOnly AsOf)
{
    public static WorkstreamView From(WorkstreamStatus status, Horizon horizon) => new(
        status.Workstream.Id, status.Workstream.Name, status.Workstream.WorkingGroupId, status.Workstream.Category,
        status.Workstream.StartDate, status.DueDate, status.Version, status.Rag, status.Targets, status.Assessments, horizon.AsOf);
}

public static class GetWorkstreamEndpoint
{
    [WolverineGet("/api/workstreams/{id}", OperationId = "GetWorkstream"), Authorize(Roles = Roles.Readers)]
    [ProducesResponseType<WorkstreamView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(
        string id, string? asOf, string? knownAt, IQuerySession session, HelsinkiClock clock, HttpContext http, CancellationToken cancellation)
    {
        var (horizon, problem) = BoardHorizon.Read(asOf, knownAt, clock);
        if (problem is not null) return problem;

        var batch = session.CreateBatchQuery();
        var current = batch.Load<Workstream>(id);
        var timeline = batch.Load<WorkstreamTimeline>(id);
        var items = batch.Query<CountedItem>().Where(item => item.WorkstreamId == id).ToList();
        await batch.Execute(cancellation);

        if (await current is not { } workstream || await timeline is not { } history
            || WorkstreamStatus.Evaluate(history, await items, horizon!) is not { } status)
            return Problems.NotFound("workstream", id);
        // The ETag is always the current stream version: send it back in If-Match to write only if nothing changed since.
        http.Response.Headers.ETag = $"\"{workstream.Version}\"";
        return Results.Ok(WorkstreamView.From(status, horizon!));
    }
}
