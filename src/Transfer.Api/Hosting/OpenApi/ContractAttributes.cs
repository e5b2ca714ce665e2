namespace Transfer.Api.Hosting.OpenApi;

// What the OpenAPI document says about a route or a request field that the code alone does not show.
// The request records read dates, ids and enum names as strings (so a bad value is answered with the
// field and the accepted form, see RequestFields); these attributes tell the document the form itself.

/// <summary>A date field, written YYYY-MM-DD (<c>format: date</c>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class DateFieldAttribute : Attribute;

/// <summary>An id chosen by the PMO: <see cref="Transfer.Domain.Common.EntityId"/>'s pattern.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class IdFieldAttribute : Attribute;

/// <summary>A field that takes the JSON names of an enum's values: all of them, or <see cref="Only"/> these, in this order.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class OneOfAttribute(Type enumType) : Attribute
{
    public Type EnumType { get; } = enumType;
    public string[] Only { get; init; } = [];
}

/// <summary>
/// The refusals a route may answer, as problem details, besides those every route shares: 401 and 403
/// by its roles; 413 (a body over the limit) on every write; 429 where it is rate-limited; 503 while the
/// database is unreachable; and what the rooms add to their kinds of route (Writing: a write's 409, 412
/// and 422).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RefusesAttribute(params int[] statuses) : Attribute
{
    public int[] Statuses { get; } = statuses;
}

/// <summary>A header the route's successful answer carries.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class SendsHeaderAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;
    public string Description { get; } = description;
}

/// <summary>A read that also answers as a file: an .xlsx workbook, and CSV where <see cref="Csv"/> is set.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ExportsAttribute : Attribute
{
    public bool Csv { get; init; }
}
