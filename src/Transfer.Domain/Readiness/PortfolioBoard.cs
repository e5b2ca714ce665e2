using Transfer.Domain.Common;
using Transfer.Domain.Organisations;
using Transfer.Domain.WorkingGroups;
using Transfer.Domain.Workstreams;

namespace Transfer.Domain.Readiness;

public sealed record PortfolioBoard(Rag Rag, RagCounts Counts, IReadOnlyList<PortfolioGroup> Groups);
