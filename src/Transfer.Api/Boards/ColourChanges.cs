namespace Transfer.Api.Boards;

/// <summary>What changed colour from the board of From to the board of To, both as known at KnownAt.</summary>
/// <param name="Widened">True when no window was asked for and nothing was dated in the last two weeks, so the window ends on the last day anything was.</param>
public sealed record ColourChanges(
    DateOnly From, DateOnly To, DateTimeOffset? KnownAt, bool Widened, IReadOnlyList<WorkstreamChange> Workstreams, IReadOnlyList<OrganisationChange> Organisations);
