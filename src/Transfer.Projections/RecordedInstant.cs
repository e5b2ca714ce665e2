using JasperFx.Events;

namespace Transfer.Projections;

public static class RecordedInstant
{
    /// <summary>
    /// When the event was recorded, to the microsecond PostgreSQL keeps: an auditor who copies an
    /// event's recordedAt from the history into knownAt must find that event included.
    /// </summary>
    public static DateTimeOffset Of(IEvent e) => new(e.Timestamp.Ticks - e.Timestamp.Ticks % 10, e.Timestamp.Offset);
}
