using Transfer.Domain.Common;

namespace Transfer.Domain.Workstreams.Registering;

public sealed record WorkstreamRegistered(
    string WorkstreamId, string Name, string WorkingGroupId, WorkstreamCategory Category,
    DateOnly StartDate, DateOnly DueDate);

public sealed record RegisterWorkstream(
    string WorkstreamId, string Name, string WorkingGroupId, WorkstreamCategory Category,
    DateOnly StartDate, DateOnly DueDate)
{
    public Verdict Decide() =>
        DueDate < StartDate
            ? Rejection.Invalid("dueDate", "must be on or after startDate")
            : Verdict.Record(new WorkstreamRegistered(WorkstreamId, Name, WorkingGroupId, Category, StartDate, DueDate));
}
