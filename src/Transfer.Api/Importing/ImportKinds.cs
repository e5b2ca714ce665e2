using System.Reflection;
using Transfer.Api.Workstreams.AssessingStatus;
using Transfer.Api.Workstreams.MakingDecisions;
using Transfer.Api.Workstreams.ReceivingStaffData;
using Transfer.Api.Workstreams.Retracting;
using Transfer.Api.Workstreams.TransferringContracts;
using Transfer.Api.Workstreams.UnifyingSystems;
using Transfer.Domain.Common;
using Transfer.Domain.Workstreams;

namespace Transfer.Api.Importing;

/// <summary>What one row asks for, read as its single route reads a body: the organisation it names, the item it counts, and the decision.</summary>
public sealed record ImportedRow(string? OrganisationId, ItemKey? Item, Func<Workstream, CountedItem?, DateOnly, Verdict> Decide);

/// <summary>
/// A kind of event a file may hold: the single route's request record (its JSON fields are the file's
/// columns, beside workstreamId) and that route's own reader, so that a row is read and refused exactly
/// as a posting of it would be.
/// </summary>
/// <param name="ItemColumn">The column naming the counted item, where a refusal about the item (409 on the single route) is reported.</param>
public sealed record ImportKind(string Name, Type RequestType, Func<object, RequestFields, ImportedRow> Read, object Example, string? ItemColumn)
{
    public const string WorkstreamColumn = "workstreamId";

    /// <summary>The columns of a file of this kind, in the single route's order: workstreamId first.</summary>
    public IReadOnlyList<string> Columns { get; } =
        [WorkstreamColumn, .. RequestType.GetProperties().Select(property => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name))];

    /// <summary>The columns a file must have: workstreamId and the route's required fields.</summary>
    public IReadOnlyList<string> RequiredColumns { get; } =
        [WorkstreamColumn, .. RequestType.GetProperties().Where(property => property.IsDefined(typeof(System.ComponentModel.DataAnnotations.RequiredAttribute)))
            .Select(property => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name))];

    /// <summary>The columns that hold dates (written ISO, Finnish or as spreadsheet date cells in a file).</summary>
    public IReadOnlySet<string> DateColumns { get; } = RequestType.GetProperties()
        .Where(property => property.IsDefined(typeof(DateFieldAttribute)))
        .Select(property => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name)).ToHashSet();

    public static readonly IReadOnlyList<ImportKind> All =
    [
        Of<TransferContractRequest>("contracts", (request, fields) =>
        {
            var command = TransferContractEndpoint.Read(request, fields);
            return new ImportedRow(command.OrganisationId, command.Item, command.Decide);
        }, new TransferContractRequest("837", "TRE-SOP-001", "Tampereen Sähkölaitos Oy", "2022-01-20"), "contractRef"),
        Of<UnifySystemRequest>("systems", (request, fields) =>
        {
            var command = UnifySystemEndpoint.Read(request, fields);
            return new ImportedRow(command.OrganisationId, command.Item, command.Decide);
        }, new UnifySystemRequest("837", "patient-records", "Effica", "Lifecare", "2022-06-15"), "systemArea"),
        Of<ReceiveStaffDataRequest>("staff-data", (request, fields) =>
        {
            var command = ReceiveStaffDataEndpoint.Read(request, fields);
            return new ImportedRow(command.OrganisationId, null, (workstream, _, today) => command.Decide(workstream, today));
        }, new ReceiveStaffDataRequest("837", 4700, true, "2021-12-15"), null),
        Of<MakeDecisionRequest>("decisions", (request, fields) =>
        {
            var command = MakeDecisionEndpoint.Read(request, fields);
            return new ImportedRow(command.OrganisationId, command.Item, command.Decide);
        }, new MakeDecisionRequest("837", "Kaupunginvaltuusto", "KV 14.2.2022 § 21", "Liikkeenluovutus hyvinvointialueelle", "2022-02-14"), "reference"),
        Of<AssessStatusRequest>("assessments", (request, fields) =>
        {
            var command = AssessStatusEndpoint.Read(request, fields);
            return new ImportedRow(null, null, (workstream, _, today) => command.Decide(workstream, today));
        }, new AssessStatusRequest("schedule", "amber", "Tampereen sopimussiirto noin viikon myöhässä.", "2022-01-30"), null),
        Of<RetractItemRequest>("retractions", (request, fields) =>
        {
            var command = RetractItemEndpoint.Read(request, fields);
            return new ImportedRow(command.OrganisationId, command.Item, command.Decide);
        }, new RetractItemRequest("contract", "536", "536-SOP-900", "Sopimus jää kunnalle", "2021-12-14"), "ref"),
    ];

    public static ImportKind? Find(string name) => All.FirstOrDefault(kind => kind.Name == name);

    private static ImportKind Of<TRequest>(string name, Func<TRequest, RequestFields, ImportedRow> read, TRequest example, string? itemColumn) where TRequest : class =>
        new(name, typeof(TRequest), (request, fields) => read((TRequest)request, fields), example, itemColumn);
}
