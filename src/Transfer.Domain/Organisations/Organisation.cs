using System.Text.Json.Serialization;

namespace Transfer.Domain.Organisations;

public enum OrganisationKind
{
    Municipality,
    // The API spells these two with hyphens; every other enum value is camelCase.
    [JsonStringEnumMemberName("hospital-district")] HospitalDistrict,
    [JsonStringEnumMemberName("rescue-department")] RescueDepartment,
    Other,
}

/// <summary>A transferring organisation: a municipality, the hospital district, the rescue department, ...</summary>
public sealed record OrganisationRegistered(string OrganisationId, string Name, OrganisationKind Kind);

/// <param name="RegisteredAt">When the registration was recorded: boards known at an earlier instant leave it out.</param>
public sealed record Organisation(string Id, string Name, OrganisationKind Kind, DateTimeOffset RegisteredAt)
{
    public static Organisation From(OrganisationRegistered e, DateTimeOffset registeredAt) => new(e.OrganisationId, e.Name, e.Kind, registeredAt);
}
