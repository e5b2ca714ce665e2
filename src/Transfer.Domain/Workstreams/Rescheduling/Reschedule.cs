using Transfer.Domain.Common;

namespace Transfer.Domain.Workstreams.Rescheduling;

public sealed record WorkstreamRescheduled(string WorkstreamId, DateOnly DueDate, string Reason, DateOnly OccurredOn);

public sealed record Reschedule(DateOnly DueDate, string Reason, DateOnly OccurredOn) : IWorkstreamCommand
{
    public Verdict Decide(Workstream workstream, DateOnly today)
    {
        if (!BusinessDate.IsAcceptable(OccurredOn, today))
            return Rejection.Invalid("occurredOn", BusinessDate.TooFarAhead);
        if (DueDate < workstream.StartDate)
            return Rejection.Invalid("dueDate", $"must be on or after the workstream's start date {workstream.StartDate:yyyy-MM-dd}");
        return Verdict.Record(new WorkstreamRescheduled(workstream.Id, DueDate, Reason, OccurredOn));
    }

    public IEnumerable<OrganisationReference> Organisations => [];

    ItemKey? IWorkstreamCommand.Item => null;

    Verdict IWorkstreamCommand.Decide(Workstream workstream, CountedItem? recorded, DateOnly today) => Decide(workstream, today);
}
