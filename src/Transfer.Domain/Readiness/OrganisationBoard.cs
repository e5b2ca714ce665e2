using Transfer.Domain.Common;
using Transfer.Domain.Organisations;
using Transfer.Domain.Workstreams;
using Transfer.Domain.WorkingGroups;

namespace Transfer.Domain.Readiness;

public sealed record OrganisationBoard(string Id, string Name, OrganisationKind Kind, Rag Rag, RagCounts Counts, IReadOnlyList<OrganisationWorkstream> Workstreams);
