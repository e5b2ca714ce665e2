using Marten;
using Transfer.Api.Security;
using Transfer.Domain.Readiness;
using Transfer.Domain.Workstreams;

namespace Transfer.Api.Workstreams.Listing;

public sealed record WorkstreamListing(string Id, string Name, string WorkingGroupId, WorkstreamCategory Category, DateOnly StartDate);

/// <param name="Next">The after= of the next page; null on the last one.</param>
public sealed record WorkstreamPage(IReadOnlyList<WorkstreamListing> Workstreams, string? Next);

public static class ListWorkstreamsEndpoint
{
    public const int MaxPage = 500;

    /// <summary>The PMO finds a workstream here by its group or category, not only through its group's board.</summary>
    [WolverineGet("/api/workstreams", OperationId = "ListWorkstreams", Summary = "Workstreams, by working group or category, a page at a time",
        Description = "In id order; after= is the last id of the previous page (its next)."), Authorize(Roles = Roles.Readers)]
    [Tags(ApiTags.ReferenceData), Refuses(400)]
    [ProducesResponseType<WorkstreamPage>(StatusCodes.Status200OK)]
    [Describes("after", "Continue after this workstream id: the previous page's next.", Pattern = Transfer.Domain.Common.EntityId.RegularExpression), WorkstreamPageSizeParameter]
    public static async Task<IResult> List(
        string? workingGroupId, string? category, string? after, string? limit, IQuerySession session, CancellationToken cancellation)
    {
        var fields = new RequestFields();
        var group = fields.OptionalId("workingGroupId", workingGroupId);
        var inCategory = category is null ? (WorkstreamCategory?)null : fields.Enum<WorkstreamCategory>("category", category);
        var from = fields.OptionalId("after", after);
        var size = (int)(fields.OptionalNumber("limit", limit, 1, MaxPage) ?? 100);
        if (fields.Problem() is { } problem) return problem;

        var query = session.Query<WorkstreamProfile>().AsQueryable();
        if (group is not null) query = query.Where(profile => profile.WorkingGroupId == group);
        if (inCategory is { } wanted) query = query.Where(profile => profile.Category == wanted);
        if (from is not null) query = query.Where(profile => string.Compare(profile.Id, from) > 0);
        var page = await query.OrderBy(profile => profile.Id).Take(size + 1).ToListAsync(cancellation);
        var listed = page.Take(size).Select(p => new WorkstreamListing(p.Id, p.Name, p.WorkingGroupId, p.Category, p.StartDate)).ToList();
        return Results.Ok(new WorkstreamPage(listed, page.Count > size ? listed[^1].Id : null));
    }
}
