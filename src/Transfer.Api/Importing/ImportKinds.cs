using System.Reflection;
using Transfer.Api.Workstreams.AssessingStatus;
using Transfer.Api.Workstreams.MakingDecisions;
using Transfer.Api.Workstreams.ReceivingStaffData;
using Transfer.Api.Workstreams.Retracting;
using Transfer.Api.Workstreams.TransferringContracts;
using Transfer.Api.Workstreams.UnifyingSystems;
using Transfer.Domain.Workstreams;

namespace Transfer.Api.Importing;

/// <summary>
/// A kind of event a file may hold: the single route's request record (its JSON fields are the file's
/// columns, beside workstreamId) and that route's own reader of it into the command, so that a row is read,
/// decided and refused exactly as a posting of it would be.
/// </summary>
/// <param name="ItemColumn">The column naming the counted item, where a refusal about the item (409 on the single route) is reported.</param>
public sealed record ImportKind(string Name, Type RequestType, Func<object, RequestFields, IWorkstreamCommand> Read, object Example, string? ItemColumn)
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
        Of<TransferContractRequest>("contracts", TransferContractEndpoint.Read,
            new TransferContractRequest("837", "TRE-SOP-001", "Tampereen Sähkölaitos Oy", "2022-01-20"), "contractRef"),
        Of<UnifySystemRequest>("systems", UnifySystemEndpoint.Read,
            new UnifySystemRequest("837", "patient-records", "Effica", "Lifecare", "2022-06-15"), "systemArea"),
        Of<ReceiveStaffDataRequest>("staff-data", ReceiveStaffDataEndpoint.Read, new ReceiveStaffDataRequest("837", 4700, true, "2021-12-15"), null),
        Of<MakeDecisionRequest>("decisions", MakeDecisionEndpoint.Read,
            new MakeDecisionRequest("837", "Kaupunginvaltuusto", "KV 14.2.2022 § 21", "Liikkeenluovutus hyvinvointialueelle", "2022-02-14"), "reference"),
        Of<AssessStatusRequest>("assessments", AssessStatusEndpoint.Read,
            new AssessStatusRequest("schedule", "amber", "Tampereen sopimussiirto noin viikon myöhässä.", "2022-01-30"), null),
        Of<RetractItemRequest>("retractions", RetractItemEndpoint.Read,
            new RetractItemRequest("contract", "536", "536-SOP-900", "Sopimus jää kunnalle", "2021-12-14"), "ref"),
    ];

    public static ImportKind? Find(string name) => All.FirstOrDefault(kind => kind.Name == name);

    private static ImportKind Of<TRequest>(string name, Func<TRequest, RequestFields, IWorkstreamCommand> read, TRequest example, string? itemColumn) where TRequest : class =>
        new(name, typeof(TRequest), (request, fields) => read((TRequest)request, fields), example, itemColumn);
}
