using Transfer.Domain.Common;

namespace Transfer.Api.Boards;

/// <summary>An organisation whose colour on the municipality board differs, with its workstreams that changed there.</summary>
public sealed record OrganisationChange(string Id, string Name, Rag Was, Rag Now, IReadOnlyList<OrganisationWorkstreamChange> Workstreams);
