using Transfer.Domain.Common;

namespace Transfer.Domain.Workstreams;

/// <summary>
/// A command on one workstream, as data: what it names that must exist (organisations), the counted item whose record
/// its decision needs, and the decision itself on the workstream's state. The API's one write loop loads what it names,
/// asks it to decide and appends what it decided, for a single post and for every row of an import alike.
/// </summary>
public interface IWorkstreamCommand
{
    /// <summary>The organisations the command names, each with the field that names it; every one must be registered.</summary>
    IEnumerable<OrganisationReference> Organisations { get; }

    /// <summary>The counted item the command posts or retracts, or null when it counts none.</summary>
    ItemKey? Item { get; }

    /// <param name="recorded">The item as recorded so far (null if never posted, or when the command counts none).</param>
    /// <param name="today">The business date today, past which no fact may be dated.</param>
    Verdict Decide(Workstream workstream, CountedItem? recorded, DateOnly today);
}
