using Marten;
using Transfer.Domain.Organisations;
using Transfer.Domain.Readiness;
using Transfer.Domain.WorkingGroups;

namespace Transfer.Api.Boards;

/// <summary>The days a chart shows and what they are known at, read from ?from=, ?to= and ?knownAt=.</summary>
/// <param name="From">Null when not asked: each chart has its own default.</param>
public sealed record SeriesWindow(DateOnly? From, DateOnly To, DateTimeOffset? KnownAt)
{
    /// <summary>A chart's worth of points: two years of weeks, with room to spare.</summary>
    public const int MaxPoints = 120;

    public static (SeriesWindow? Window, IResult? Problem) Read(string? from, string? to, string? knownAt, HelsinkiClock clock)
    {
        var fields = new RequestFields();
        var end = to is null ? clock.Today : fields.Date("to", to);
        DateOnly? start = from is null ? null : fields.Date("from", from);
        var instant = fields.OptionalInstant("knownAt", knownAt);
        if (fields.Problem() is { } problem) return (null, problem);
        if (start > end) return (null, Problems.Validation("from", "must be on or before to"));
        return (new SeriesWindow(start, end, instant), null);
    }

    /// <summary>
    /// Every seventh day back from To (so the last point is the board of To itself), and the first day
    /// (From, or <paramref name="defaultFrom"/>) when it falls between. A window longer than
    /// <see cref="MaxPoints"/> weeks steps by two weeks, or three, rather than lose its beginning.
    /// </summary>
    public IReadOnlyList<DateOnly> Weeks(DateOnly defaultFrom)
    {
        var first = From ?? (defaultFrom < To ? defaultFrom : To);
        var weeks = (To.DayNumber - first.DayNumber + 6) / 7;
        var step = 7 * Math.Max(1, (weeks + MaxPoints - 1) / MaxPoints);
        var days = new List<DateOnly>();
        for (var day = To; day > first; day = day.AddDays(-step)) days.Add(day);
        days.Add(first);
        days.Reverse();
        return days;
    }
}

/// <summary>
/// The boards of many days, for a chart, in two round trips however many days: the reference data once,
/// then every tally's value on every day in one statement (<see cref="TallyValues.QuerySeries"/>). Each
/// day's <see cref="BoardData"/> is exactly what that day's board is computed from.
/// </summary>
public sealed class BoardSeries
{
    private readonly IReadOnlyList<WorkstreamProfile> profiles;
    private readonly IReadOnlyList<WorkingGroup> groups;
    private readonly IReadOnlyList<Organisation> organisations;

    private readonly string? workstreamId;

    private BoardSeries(
        IReadOnlyList<WorkstreamProfile> profiles, IReadOnlyList<WorkingGroup> groups, IReadOnlyList<Organisation> organisations, string? workstreamId) =>
        (this.profiles, this.groups, this.organisations, this.workstreamId) = (profiles, groups, organisations, workstreamId);

    /// <summary>The workstreams (or the one named), working groups and organisations known at knownAt.</summary>
    public static async Task<BoardSeries> Load(IQuerySession session, DateTimeOffset? knownAt, CancellationToken cancellation, string? workstreamId = null)
    {
        var horizon = new Horizon(DateOnly.MinValue, knownAt);
        var batch = session.CreateBatchQuery();
        var profiles = workstreamId is null
            ? batch.Query<WorkstreamProfile>().ToList()
            : batch.Query<WorkstreamProfile>().Where(profile => profile.Id == workstreamId).ToList();
        var groups = batch.Query<WorkingGroup>().ToList();
        var organisations = batch.Query<Organisation>().ToList();
        await batch.Execute(cancellation);
        return new BoardSeries(
            (await profiles).Where(profile => horizon.Knows(profile.RegisteredAt)).ToList(),
            (await groups).Where(group => horizon.Knows(group.RegisteredAt)).ToList(),
            (await organisations).Where(organisation => horizon.Knows(organisation.RegisteredAt)).OrderBy(o => o.Id, StringComparer.Ordinal).ToList(),
            workstreamId);
    }

    public IReadOnlyList<WorkstreamProfile> Workstreams => profiles;

    public IReadOnlyList<Organisation> Organisations => organisations;

    /// <summary>The earliest start of the workstreams, where a chart of the whole preparation begins.</summary>
    public DateOnly? EarliestStart => profiles.Count == 0 ? null : profiles.Min(profile => profile.StartDate);

    /// <summary>Each day's board data, in the order of <paramref name="days"/>.</summary>
    public async Task<IReadOnlyList<BoardData>> On(IQuerySession session, IReadOnlyList<DateOnly> days, DateTimeOffset? knownAt, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var series = TallyValues.QuerySeries(batch, session.TenantId, days, knownAt, workstreamId);
        await batch.Execute(cancellation);
        var byWorkstream = (await series).ToLookup(tally => tally.WorkstreamId);

        return days.Select((day, index) =>
        {
            var horizon = new Horizon(day, knownAt);
            var statuses = profiles
                .Select(profile => WorkstreamStatus.Evaluate(profile,
                    byWorkstream[profile.Id].ToDictionary(tally => tally.Tally, tally => tally.Values[index], StringComparer.Ordinal), horizon))
                .OfType<WorkstreamStatus>().ToList();
            return new BoardData(statuses, groups, organisations);
        }).ToList();
    }
}
