using Transfer.Domain.Common;
using Transfer.Domain.Organisations;
using Transfer.Domain.Workstreams;
using Transfer.Domain.WorkingGroups;

namespace Transfer.Domain.Readiness;

public sealed record PortfolioBoard(Rag Rag, RagCounts Counts, IReadOnlyList<PortfolioGroup> Groups);
