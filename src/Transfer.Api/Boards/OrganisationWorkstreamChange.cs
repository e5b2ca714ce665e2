using Transfer.Domain.Common;

namespace Transfer.Api.Boards;

/// <summary>A workstream whose colour on an organisation's board differs, and why (only what concerns that organisation).</summary>
public sealed record OrganisationWorkstreamChange(string Id, string Name, Rag Was, Rag Now, ChangeCauses Causes);
