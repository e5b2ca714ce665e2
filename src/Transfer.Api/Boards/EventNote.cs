using JasperFx.Events;
using Marten.Events;
using Marten;
using Transfer.Domain.Common;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.AssessingStatus;
using Transfer.Domain.Workstreams.Rescheduling;
using Transfer.Domain.Workstreams.Retracting;
using Transfer.Domain.Workstreams.SettingTargets;

namespace Transfer.Api.Boards;

/// <summary>
/// One of the PMO's own decisions about a workstream, in a few words: a due date moved, targets set, an item
/// retracted, a status assessed. A burn-up marks them; a colour change names them among its causes. Only the
/// fields of its type are present; <see cref="Sequence"/> finds it in the history.
/// </summary>
/// <param name="Type">The event's type, as the history names it (WorkstreamRescheduled, TargetsSet, ItemRetracted, StatusAssessed).</param>
/// <param name="DueDate">A rescheduling's new due date.</param>
/// <param name="Text">A rescheduling's or retraction's reason, an assessment's rationale.</param>
public sealed record EventNote(
    long Sequence, long Version, string WorkstreamId, string Type, DateOnly OccurredOn, DateTimeOffset RecordedAt, string? RecordedBy,
    DateOnly? DueDate = null, AssessmentDimension? Dimension = null, Rag? Rag = null, ItemKind? Kind = null, string? OrganisationId = null,
    string? Ref = null, string? Text = null)
{
    private static readonly Type[] Types = [typeof(WorkstreamRescheduled), typeof(TargetsSet), typeof(ItemRetracted), typeof(StatusAssessed)];

    /// <summary>
    /// The notes of the workstreams named, dated from <paramref name="after"/> (exclusive) to <paramref name="until"/>, recorded by
    /// knownAt and after the sequence <paramref name="afterSequence"/>, in sequence order.
    /// </summary>
    public static async Task<IReadOnlyList<EventNote>> Read(
        IQuerySession session, IReadOnlyCollection<string> workstreamIds, DateOnly? after, DateOnly until, DateTimeOffset? knownAt, CancellationToken cancellation,
        long afterSequence = 0)
    {
        if (workstreamIds.Count == 0) return [];
        var ids = workstreamIds.ToArray(); // Marten sends an array as a parameter, not any collection
        var query = session.Events.QueryAllRawEvents().Where(e => ids.Contains(e.StreamKey!) && e.EventTypesAre(Types));
        if (knownAt?.ToUniversalTime() is { } instant) query = query.Where(e => e.Timestamp <= instant);
        if (afterSequence > 0) query = query.Where(e => e.Sequence > afterSequence);
        var events = await query.OrderBy(e => e.Sequence).ToListAsync(cancellation);
        return events.Select(Of).Where(note => (after is null || note.OccurredOn > after) && note.OccurredOn <= until).ToList();
    }

    private static EventNote Of(IEvent e)
    {
        var note = new EventNote(e.Sequence, e.Version, e.StreamKey!, e.Data.GetType().Name, default, e.Timestamp, e.UserName);
        return e.Data switch
        {
            WorkstreamRescheduled moved => note with { OccurredOn = moved.OccurredOn, DueDate = moved.DueDate, Text = moved.Reason },
            TargetsSet set => note with { OccurredOn = set.OccurredOn },
            ItemRetracted retracted => note with
            {
                OccurredOn = retracted.OccurredOn, Kind = retracted.Kind, OrganisationId = retracted.OrganisationId, Ref = retracted.Ref, Text = retracted.Reason,
            },
            StatusAssessed assessed => note with { OccurredOn = assessed.OccurredOn, Dimension = assessed.Dimension, Rag = assessed.Rag, Text = assessed.Rationale },
            _ => throw new InvalidOperationException($"{e.Data.GetType().Name} is not one of the PMO's decisions"),
        };
    }
}
