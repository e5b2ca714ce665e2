using Transfer.Domain.Common;

namespace Transfer.Domain.Workstreams;

// The vocabulary of workstreams. Their events live next to the decision that records them, one
// folder per use case; each states the business date it happened on (OccurredOn), while who recorded
// it and when are event metadata, never taken from the client.

public enum WorkstreamCategory { Finance, Administration, Hr, Ict, Services, Other }

public enum TargetKind { Contract, System, StaffData, Decision }

/// <summary>The kinds of counted item that can be withdrawn by a retraction.</summary>
public enum ItemKind { Contract, System, Decision }

public enum AssessmentDimension { Deliverables, Schedule, Cost, Benefits, Risk, Overall }

/// <param name="OrganisationId">None for a county-level target.</param>
public sealed record Target(string? OrganisationId, TargetKind Kind, int Expected);
