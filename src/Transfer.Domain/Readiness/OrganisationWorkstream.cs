using Transfer.Domain.Common;
using Transfer.Domain.Organisations;
using Transfer.Domain.WorkingGroups;
using Transfer.Domain.Workstreams;

namespace Transfer.Domain.Readiness;

public sealed record OrganisationWorkstream(string Id, string Name, Rag Rag, IReadOnlyList<OrganisationTarget> Targets);
