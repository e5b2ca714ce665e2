using JasperFx.Events;

namespace Transfer.Projections;

public static class RecordedInstant
{
    /// <summary>
    /// When the event was recorded, to the microsecond PostgreSQL keeps: an auditor who copies an
    /// event's recordedAt from the history into knownAt must find that event included.
    /// </summary>
    public static DateTimeOffset Of(IEvent e) => Of(e.Timestamp);

    public static DateTimeOffset Of(DateTimeOffset timestamp) => new(timestamp.Ticks - timestamp.Ticks % 10, timestamp.Offset);
}
