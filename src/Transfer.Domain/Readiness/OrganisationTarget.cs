using Transfer.Domain.Common;
using Transfer.Domain.Organisations;
using Transfer.Domain.WorkingGroups;
using Transfer.Domain.Workstreams;

namespace Transfer.Domain.Readiness;

public sealed record OrganisationTarget(TargetKind Kind, int Expected, int Done, Rag Rag);
