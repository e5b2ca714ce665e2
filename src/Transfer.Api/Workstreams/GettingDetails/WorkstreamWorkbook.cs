using Transfer.Api.Boards;

namespace Transfer.Api.Workstreams.GettingDetails;

/// <summary>A workstream's view as a workbook: the workstream, its targets and its assessments, a sheet each.</summary>
public static class WorkstreamWorkbook
{
    public static IResult Of(WorkstreamView view) => BoardWorkbook.Answer($"workstream-{view.Id}", new()
    {
        ["Workstream"] = new[] { BoardWorkbook.Row(
            ("id", view.Id), ("name", view.Name), ("workingGroupId", view.WorkingGroupId), ("category", BoardWorkbook.Name(view.Category)),
            ("startDate", BoardWorkbook.Date(view.StartDate)), ("dueDate", BoardWorkbook.Date(view.DueDate)), ("asOf", BoardWorkbook.Date(view.AsOf)), ("version", view.Version),
            ("rag", BoardWorkbook.Name(view.Rag.Overall)), ("progress", BoardWorkbook.Name(view.Rag.Progress)), ("deliverables", BoardWorkbook.Name(view.Rag.Deliverables)),
            ("schedule", BoardWorkbook.Name(view.Rag.Schedule)), ("cost", BoardWorkbook.Name(view.Rag.Cost)), ("benefits", BoardWorkbook.Name(view.Rag.Benefits)), ("risk", BoardWorkbook.Name(view.Rag.Risk))) },
        ["Targets"] = view.Targets.Select(target => BoardWorkbook.Row(
            ("organisationId", target.OrganisationId), ("kind", BoardWorkbook.Name(target.Kind)), ("done", target.Done), ("expected", target.Expected),
            ("rag", BoardWorkbook.Name(target.Rag)))).ToList(),
        ["Assessments"] = view.Assessments.Select(assessment => BoardWorkbook.Row(
            ("dimension", BoardWorkbook.Name(assessment.Dimension)), ("rag", BoardWorkbook.Name(assessment.Rag)), ("rationale", assessment.Rationale),
            ("occurredOn", BoardWorkbook.Date(assessment.OccurredOn)))).ToList(),
    });
}
