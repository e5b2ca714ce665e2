using System.Text.Json.Serialization;
using Marten;
using Transfer.Domain.Workstreams.AssessingStatus;
using Transfer.Domain.Workstreams.MakingDecisions;
using Transfer.Domain.Workstreams.ReceivingStaffData;
using Transfer.Domain.Workstreams.Retracting;
using Transfer.Domain.Workstreams.TransferringContracts;
using Transfer.Domain.Workstreams.UnifyingSystems;

namespace Transfer.Api.Boards;

/// <summary>
/// Items posted to a workstream in the window, counted by kind and organisation ("12 contracts posted by
/// Tampere"): when, by whom, and where they start and end in the history.
/// </summary>
/// <param name="Type">ContractTransferred, SystemUnified, StaffDataReceived or DecisionMade.</param>
/// <param name="OrganisationId">None for a county-level decision.</param>
public sealed record ItemsPosted(
    string Type, string? OrganisationId, int Count, DateOnly FirstOn, DateOnly LastOn, DateTimeOffset LastRecordedAt,
    IReadOnlyList<string> RecordedBy, long FirstSequence, long LastSequence);

/// <summary>
/// What changed a colour: the items posted (a council's decision among them) and the PMO's own actions dated in the
/// window (due dates moved, targets set, items retracted, status assessed), in history order; of those actions the last
/// ten (a busy fortnight may hold more, all in the history from the first one's sequence). On the wire the actions keep
/// the names clients read them by, <c>decisions</c> and <c>earlierDecisions</c>.
/// </summary>
/// <param name="DueDateWas">The due date in force on the window's first day, which the first rescheduling moved.</param>
/// <param name="DueDate">The due date in force on its last day.</param>
/// <param name="DueDatePassed">The due date fell inside the window: from the day after it, every target not done is red, with no event at all.</param>
/// <param name="EarlierPmoActions">How many of the PMO's actions dated in the window came before those listed.</param>
public sealed record ChangeCauses(
    DateOnly DueDateWas, DateOnly DueDate, bool DueDatePassed, IReadOnlyList<ItemsPosted> Posted,
    [property: JsonPropertyName("decisions")] IReadOnlyList<EventNote> PmoActions,
    [property: JsonPropertyName("earlierDecisions")] int EarlierPmoActions);

/// <summary>
/// Which events count as the causes of a change: those dated after <paramref name="After"/> (when given) up to
/// <paramref name="Until"/>, recorded by <paramref name="KnownAt"/> (when given), and later in the log than
/// <paramref name="AfterSequence"/> (a subscription's "since I last looked").
/// </summary>
public sealed record CauseWindow(DateOnly? After, DateOnly Until, DateTimeOffset? KnownAt = null, long AfterSequence = 0);

/// <summary>
/// The causes of the workstreams' changes in a window, read in two statements for all of them: the items posted,
/// counted in PostgreSQL by workstream, type and organisation (a busy fortnight holds thousands of contracts, and a
/// chair reads one line), and the PMO's decisions one by one.
/// </summary>
public sealed class CauseReader
{
    /// <summary>The decisions listed for one change; how many earlier ones there were is said.</summary>
    public const int MaxPmoActions = 10;

    private static readonly Type[] PostingTypes = [typeof(ContractTransferred), typeof(SystemUnified), typeof(StaffDataReceived), typeof(DecisionMade)];

    private readonly ILookup<string, PostingRow> posted;
    private readonly ILookup<string, EventNote> decisions;

    private CauseReader(ILookup<string, PostingRow> posted, ILookup<string, EventNote> decisions) => (this.posted, this.decisions) = (posted, decisions);

    public static async Task<CauseReader> Read(IQuerySession session, IReadOnlyCollection<string> workstreamIds, CauseWindow window, CancellationToken cancellation) =>
        new((await Postings(session, workstreamIds, window, cancellation)).ToLookup(row => row.WorkstreamId),
            (await EventNote.Read(session, workstreamIds, window.After, window.Until, window.KnownAt, cancellation, window.AfterSequence)).ToLookup(note => note.WorkstreamId));

    /// <summary>
    /// One workstream's causes: all of them for its own colour, or, on an organisation's board (<paramref name="organisationId"/>),
    /// only what counts there: that organisation's items and retractions, and what moves every target (the due date, the targets).
    /// </summary>
    public ChangeCauses For(string workstreamId, string? organisationId, DateOnly dueDateWas, DateOnly dueDate, bool dueDatePassed)
    {
        var notes = decisions[workstreamId].Where(note => organisationId is null || note.Type switch
        {
            nameof(StatusAssessed) => false,
            nameof(ItemRetracted) => note.OrganisationId == organisationId,
            _ => true,
        }).ToList();
        return new ChangeCauses(dueDateWas, dueDate, dueDatePassed,
            posted[workstreamId].Where(row => organisationId is null || row.OrganisationId == organisationId).Select(row => row.Posted).ToList(),
            notes.TakeLast(MaxPmoActions).ToList(), Math.Max(0, notes.Count - MaxPmoActions));
    }

    private sealed record PostingRow(string WorkstreamId, string Type, string? OrganisationId, int Count, DateOnly FirstOn, DateOnly LastOn,
        DateTimeOffset LastRecordedAt, string[] RecordedBy, long FirstSequence, long LastSequence)
    {
        public ItemsPosted Posted => new(Type, OrganisationId, Count, FirstOn, LastOn, LastRecordedAt, RecordedBy, FirstSequence, LastSequence);
    }

    private static async Task<IReadOnlyList<PostingRow>> Postings(
        IQuerySession session, IReadOnlyCollection<string> workstreamIds, CauseWindow window, CancellationToken cancellation)
    {
        if (workstreamIds.Count == 0) return [];
        var types = session.DocumentStore.Options.Events.AllKnownEventTypes().Where(type => PostingTypes.Contains(type.EventType))
            .ToDictionary(type => type.EventTypeName, type => type.EventType.Name);
        var instant = window.KnownAt?.ToUniversalTime();
        // Dates compare as text: every occurredOn is stored as YYYY-MM-DD.
        var rows = await session.AdvancedSql.QueryAsync<PostingRow>($"""
            select jsonb_build_object('workstreamId', stream_id, 'type', type, 'organisationId', data->>'organisationId', 'count', count(*),
                'firstOn', min(data->>'occurredOn'), 'lastOn', max(data->>'occurredOn'), 'lastRecordedAt', max(timestamp),
                'recordedBy', coalesce(jsonb_agg(distinct user_name) filter (where user_name is not null), '[]'::jsonb),
                'firstSequence', min(seq_id), 'lastSequence', max(seq_id))
            from {EventStoreSetup.Schema}.mt_events
            where tenant_id = ? and stream_id = any(?) and type = any(?) and seq_id > ?
              and (?::text is null or data->>'occurredOn' > ?::text) and data->>'occurredOn' <= ?
              and (?::timestamptz is null or timestamp <= ?::timestamptz)
            group by stream_id, type, data->>'organisationId'
            order by min(seq_id)
            """, cancellation, session.TenantId, workstreamIds.ToArray(), types.Keys.ToArray(), window.AfterSequence,
            Iso(window.After)!, Iso(window.After)!, Iso(window.Until)!, instant!, instant!);
        return rows.Select(row => row with { Type = types[row.Type] }).ToList();
    }

    /// <summary>A business date as the events' occurredOn holds it (YYYY-MM-DD), for SQL that compares them as text.</summary>
    internal static string? Iso(DateOnly? day) => day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
