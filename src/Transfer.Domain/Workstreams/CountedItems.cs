using Transfer.Domain.Common;

namespace Transfer.Domain.Workstreams;

internal static class CountedItems
{
    /// <summary>
    /// An item may be posted unless its most recently recorded event is already a posting: a retracted
    /// item may be posted again, a counted one may not be counted twice.
    /// </summary>
    /// <param name="recorded">The item as recorded so far, or null if it was never posted.</param>
    public static Verdict Post(Workstream workstream, ItemKey item, CountedItem? recorded, DateOnly occurredOn, DateOnly today, Func<object> posting)
    {
        if (!BusinessDate.IsAcceptable(occurredOn, today))
            return Rejection.Invalid("occurredOn", BusinessDate.TooFarAhead);
        if (recorded is { IsPosted: true })
            return Rejection.Conflict($"The {item} is already counted in workstream '{workstream.Id}'; retract it first to post it again.");
        return Verdict.Record(posting());
    }
}
