using Transfer.Domain.Common;
using Transfer.Domain.Organisations;
using Transfer.Domain.WorkingGroups;
using Transfer.Domain.Workstreams;

namespace Transfer.Domain.Readiness;

public sealed record WorkingGroupBoard(string Id, string Name, Rag Rag, RagCounts Counts, IReadOnlyList<GroupWorkstream> Workstreams, IReadOnlyList<GroupRollup> Groups);
