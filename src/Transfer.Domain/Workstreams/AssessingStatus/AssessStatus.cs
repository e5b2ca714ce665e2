using Transfer.Domain.Common;

namespace Transfer.Domain.Workstreams.AssessingStatus;

/// <summary>The PMO's rating of one dimension of the status report, with its written rationale.</summary>
public sealed record StatusAssessed(
    string WorkstreamId, AssessmentDimension Dimension, Rag Rag, string Rationale, DateOnly OccurredOn);

public sealed record AssessStatus(AssessmentDimension Dimension, Rag Rag, string Rationale, DateOnly OccurredOn) : IWorkstreamCommand
{
    public Verdict Decide(Workstream workstream, DateOnly today)
    {
        if (!BusinessDate.IsAcceptable(OccurredOn, today))
            return Rejection.Invalid("occurredOn", BusinessDate.TooFarAhead);
        if (Rag == Rag.None)
            return Rejection.Invalid("rag", "must be red, amber or green");
        if (string.IsNullOrWhiteSpace(Rationale))
            return Rejection.Invalid("rationale", "is required");
        return Verdict.Record(new StatusAssessed(workstream.Id, Dimension, Rag, Rationale, OccurredOn));
    }

    public IEnumerable<OrganisationReference> Organisations => [];

    ItemKey? IWorkstreamCommand.Item => null;

    Verdict IWorkstreamCommand.Decide(Workstream workstream, CountedItem? recorded, DateOnly today) => Decide(workstream, today);
}
