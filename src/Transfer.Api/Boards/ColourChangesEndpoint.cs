using Marten;
using Transfer.Api.Security;
using Transfer.Domain.Common;
using Transfer.Domain.Readiness;

namespace Transfer.Api.Boards;

public static class ColourChangesEndpoint
{
    /// <summary>The default window: two weeks, the last two meetings of a working group meeting every week, or the last one of a group meeting fortnightly.</summary>
    public const int DefaultDays = 14;

    [WolverineGet("/api/changes", OperationId = "GetColourChanges", Summary = "What changed colour between two dates, and why",
        Description = "Compares the boards of 'from' and 'to' (YYYY-MM-DD; by default the two weeks up to today, or, when nothing is dated in those, " +
                      "the two weeks up to the last day anything is, and then widened is true), both as known at knownAt: every workstream whose " +
                      "overall colour differs and every organisation whose colour on the municipality board differs. Each change lists its causes: " +
                      "the items posted in the window counted by kind and organisation, and the PMO's decisions dated in it (due dates moved, " +
                      "targets set, items retracted, status assessed; the last ten), each with who recorded it, when, and its sequence in the " +
                      "history; dueDatePassed when the due date fell inside the window. A change with no cause listed was made by time alone: " +
                      "the progress expected by then rose."),
     Authorize(Roles = Roles.Readers)]
    [Tags(ApiTags.OverTime), Refuses(400)]
    [ProducesResponseType<ColourChanges>(StatusCodes.Status200OK)]
    [SeriesWindowParameters]
    public static async Task<IResult> Get(string? from, string? to, string? knownAt, IQuerySession session, HelsinkiClock clock, CancellationToken cancellation)
    {
        // The window is read as a chart's is; which of from and to were asked for decides the defaults below.
        var (window, problem) = SeriesWindow.Read(from, to, knownAt, clock);
        if (problem is not null) return problem;
        var (start, end, instant) = (window!.From, window.To, window.KnownAt);

        var widened = false;
        if (from is null && to is null)
        {
            start = end.AddDays(-DefaultDays);
            if (await LastDayWithEvents(session, end, instant, cancellation) is { } last && last <= start)
                (start, end, widened) = (last.AddDays(-DefaultDays), last, true);
        }
        start ??= end.AddDays(-DefaultDays);

        var before = await BoardData.Load(session, new Horizon(start.Value, instant), cancellation);
        var after = await BoardData.Load(session, new Horizon(end, instant), cancellation);
        var was = before.Workstreams.ToDictionary(status => status.Workstream.Id);
        var current = after.Workstreams.ToDictionary(status => status.Workstream.Id);

        var changedWorkstreams = after.Workstreams
            .Select(now => (now, was: was.GetValueOrDefault(now.Workstream.Id)))
            .Where(pair => (pair.was?.Rag.Overall ?? Rag.None) != pair.now.Rag.Overall)
            .ToList();
        var changedOrganisations = after.Organisations
            .Select(organisation => (then: BoardRollup.Organisation(organisation, before.Workstreams), now: BoardRollup.Organisation(organisation, after.Workstreams)))
            .Select(pair => (pair.then, pair.now, rows: pair.now.Workstreams
                .Select(row => (row, was: pair.then.Workstreams.FirstOrDefault(old => old.Id == row.Id)?.Rag ?? Rag.None))
                .Where(row => row.was != row.row.Rag).ToList()))
            .Where(pair => pair.then.Rag != pair.now.Rag)
            .ToList();

        var explained = changedWorkstreams.Select(pair => pair.now.Workstream.Id)
            .Concat(changedOrganisations.SelectMany(pair => pair.rows.Select(row => row.row.Id))).ToHashSet();
        var causes = await CauseReader.Read(session, explained, new CauseWindow(start, end, instant), cancellation);
        ChangeCauses Causes(string id, string? organisationId)
        {
            var dueDate = current[id].DueDate;
            return causes.For(id, organisationId, was.GetValueOrDefault(id)?.DueDate ?? dueDate, dueDate, dueDate >= start.Value && dueDate < end);
        }

        return Results.Ok(new ColourChanges(start.Value, end, instant, widened,
            changedWorkstreams.Select(pair => new WorkstreamChange(pair.now.Workstream.Id, pair.now.Workstream.Name, pair.now.Workstream.WorkingGroupId,
                pair.was?.Rag.Overall ?? Rag.None, pair.now.Rag.Overall, Parts(pair.was?.Rag, pair.now.Rag), Causes(pair.now.Workstream.Id, organisationId: null))).ToList(),
            changedOrganisations.Select(pair => new OrganisationChange(pair.now.Id, pair.now.Name, pair.then.Rag, pair.now.Rag,
                pair.rows.Select(row => new OrganisationWorkstreamChange(row.row.Id, row.row.Name, row.was, row.row.Rag, Causes(row.row.Id, pair.now.Id))).ToList()))
                .ToList()));
    }

    private static IReadOnlyList<PartChange> Parts(WorkstreamRag? was, WorkstreamRag now) =>
        new (string Part, Func<WorkstreamRag, Rag> Of)[]
        {
            ("progress", rag => rag.Progress), ("deliverables", rag => rag.Deliverables), ("schedule", rag => rag.Schedule),
            ("cost", rag => rag.Cost), ("benefits", rag => rag.Benefits), ("risk", rag => rag.Risk),
        }
        .Select(part => new PartChange(part.Part, was is null ? Rag.None : part.Of(was), part.Of(now)))
        .Where(part => part.Was != part.Now)
        .ToList();

    /// <summary>The last business day, up to <paramref name="until"/>, that any event of the county is dated, as known at knownAt.</summary>
    private static async Task<DateOnly?> LastDayWithEvents(IQuerySession session, DateOnly until, DateTimeOffset? knownAt, CancellationToken cancellation)
    {
        var instant = knownAt?.ToUniversalTime();
        var last = await session.AdvancedSql.QueryAsync<string>($"""
            select coalesce(max(data->>'occurredOn'), '') from {EventStoreSetup.Schema}.mt_events
            where tenant_id = ? and data->>'occurredOn' <= ? and (?::timestamptz is null or timestamp <= ?::timestamptz)
            """, cancellation, session.TenantId, CauseReader.Iso(until)!, instant!, instant!);
        return last.Single() is { Length: > 0 } day ? DateOnly.ParseExact(day, "yyyy-MM-dd") : null;
    }
}
