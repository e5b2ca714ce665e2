namespace Transfer.Api.Tests.Support.Views;

// The series behind the dashboard's charts (routes API.md does not name): each point is the board of its day.

/// <summary>GET /api/workstreams/{id}/series: the burn-up, and the PMO's own events on the way as marks.</summary>
public sealed record WorkstreamSeries(
    string Id, string Name, string StartDate, string DueDate, ValueList<WorkstreamPoint> Points, ValueList<EventNote> Marks);

/// <summary>A workstream on one day: its due date then, its overall colour and every target in force.</summary>
public sealed record WorkstreamPoint(string AsOf, string DueDate, string Rag, ValueList<WorkstreamTarget> Targets);

/// <summary>
/// One of the PMO's own decisions (TargetsSet, WorkstreamRescheduled, ItemRetracted, StatusAssessed) in a few words;
/// the fields another type of decision has are null. <see cref="Sequence"/> finds it in the history.
/// </summary>
public sealed record EventNote(
    long Sequence, long Version, string WorkstreamId, string Type, string OccurredOn, string RecordedAt, string? RecordedBy,
    string? DueDate, string? Dimension, string? Rag, string? Kind, string? OrganisationId, string? Ref, string? Text);

/// <summary>GET /api/organisations/{id}/series: the organisation's colour week by week, and each of its workstreams' (the colour strip).</summary>
public sealed record OrganisationSeries(string Id, string Name, ValueList<RagPoint> Points, ValueList<RagTrend> Workstreams);

/// <summary>A colour on one day.</summary>
public sealed record RagPoint(string AsOf, string Rag);

/// <summary>Something's colour week by week; GET /api/organisations/series answers one a municipality board row.</summary>
public sealed record RagTrend(string Id, string Name, ValueList<RagPoint> Points);

/// <summary>A point of GET /api/portfolio/series: the portfolio board's colour and counts that day.</summary>
public sealed record PortfolioPoint(string AsOf, string Rag, RagCounts Counts);
