using Transfer.Domain.Common;
using Transfer.Domain.Organisations;
using Transfer.Domain.WorkingGroups;
using Transfer.Domain.Workstreams;

namespace Transfer.Domain.Readiness;

/// <summary>A working group rolled up: the worst of its workstreams' overall RAGs and its child groups', and its subtree's counts.</summary>
public sealed record GroupRollup(string Id, string Name, Rag Rag, RagCounts Counts);
