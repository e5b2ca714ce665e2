using JasperFx;

namespace Transfer.Api.Counties;

/// <param name="Id">The county's id, as tokens name it in their county claim (e.g. pirkanmaa).</param>
/// <param name="TenantId">The county's Marten tenant: its id, or Marten's default tenant for an installation that names no county.</param>
/// <param name="ConnectionString">Its own database, or null for the database of ConnectionStrings:Transfer.</param>
public sealed record County(string Id, string Name, string TenantId, string? ConnectionString);

/// <summary>
/// The wellbeing counties this installation serves, from configuration (<c>Counties:&lt;id&gt;:Name</c>,
/// optionally <c>Counties:&lt;id&gt;:ConnectionString</c>). Each county is a Marten tenant of its own id:
/// conjoined with the others in the main database, or alone in its own. With none configured, the
/// installation serves one unnamed county, Marten's default tenant; with none or one, tokens need no
/// county claim. A county configured alone keeps its tenant when others are added beside it.
/// </summary>
public sealed class CountyCatalog
{
    public const string Section = "Counties";

    /// <summary>The county of an installation that configures none: it has no name to show.</summary>
    public static readonly County Unnamed = new("county", "", StorageConstants.DefaultTenantId, null);

    private CountyCatalog(IReadOnlyList<County> counties) => All = counties;

    public IReadOnlyList<County> All { get; }

    /// <summary>Whether several counties are served: then every token names its county, and each county is its own tenant.</summary>
    public bool ServesSeveral => All.Count > 1;

    /// <summary>Whether the installation names its counties (with none named it serves <see cref="Unnamed"/>).</summary>
    public bool Configured => !ReferenceEquals(All[0], Unnamed);

    public County? Find(string? id) => All.FirstOrDefault(county => county.Id == id);

    public County Only => ServesSeveral ? throw new InvalidOperationException("Several counties are served: name one.") : All[0];

    public static CountyCatalog From(IConfiguration configuration)
    {
        var configured = configuration.GetSection(Section).GetChildren()
            .Select(county => (county.Key, Name: county["Name"] ?? county.Key, ConnectionString: county["ConnectionString"]))
            .OrderBy(county => county.Key, StringComparer.Ordinal)
            .ToList();
        foreach (var (id, _, _) in configured)
            if (!Domain.Common.EntityId.IsValid(id))
                throw new InvalidOperationException($"{Section}:{id}: a county's id must be {Domain.Common.EntityId.Rule}.");
        return configured.Count switch
        {
            0 => new CountyCatalog([Unnamed]),
            1 => new CountyCatalog([new County(configured[0].Key, configured[0].Name, configured[0].Key, configured[0].ConnectionString)]),
            _ => new CountyCatalog(configured.Select(county => new County(county.Key, county.Name, county.Key, county.ConnectionString)).ToList()),
        };
    }
}
