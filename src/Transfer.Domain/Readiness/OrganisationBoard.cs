using Transfer.Domain.Common;
using Transfer.Domain.Organisations;
using Transfer.Domain.WorkingGroups;
using Transfer.Domain.Workstreams;

namespace Transfer.Domain.Readiness;

public sealed record OrganisationBoard(string Id, string Name, OrganisationKind Kind, Rag Rag, RagCounts Counts, IReadOnlyList<OrganisationWorkstream> Workstreams);
