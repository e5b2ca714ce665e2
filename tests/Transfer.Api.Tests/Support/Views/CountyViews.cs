namespace Transfer.Api.Tests.Support.Views;

/// <summary>A row of GET /api/counties: every county for the national role, the token's own for others.</summary>
public sealed record CountyListing(string Id, string Name);

/// <summary>GET /api/national/status: every county's portfolio rolled up, with the asOf and knownAt (null: now) it is for.</summary>
public sealed record NationalStatus(string AsOf, string? KnownAt, string Rag, RagCounts Counts, ValueList<CountyRollup> Counties);

public sealed record CountyRollup(string Id, string Name, string Rag, RagCounts Counts);

/// <summary>The data of a 'changed' event on GET /api/boards/changes: the county's newest event.</summary>
public sealed record BoardChange(long Sequence, string RecordedAt);
