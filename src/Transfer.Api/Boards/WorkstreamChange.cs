using Transfer.Domain.Common;

namespace Transfer.Api.Boards;

/// <summary>A workstream whose overall colour differs between the two dates, which parts of it changed, and why.</summary>
public sealed record WorkstreamChange(string Id, string Name, string WorkingGroupId, Rag Was, Rag Now, IReadOnlyList<PartChange> Parts, ChangeCauses Causes);
