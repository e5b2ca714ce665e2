using Transfer.Domain.Common;
using Transfer.Domain.Organisations;
using Transfer.Domain.WorkingGroups;
using Transfer.Domain.Workstreams;

namespace Transfer.Domain.Readiness;

/// <summary>A top-level working group on the portfolio, with its sections (its child groups) rolled up.</summary>
public sealed record PortfolioGroup(string Id, string Name, Rag Rag, RagCounts Counts, IReadOnlyList<GroupRollup> Groups);
