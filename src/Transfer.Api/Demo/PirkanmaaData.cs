using System.Text;
using Transfer.Domain.Organisations;
using Transfer.Domain.Workstreams;

namespace Transfer.Api.Demo;

public sealed record DemoOrganisation(string Id, string Name, OrganisationKind Kind);
public sealed record DemoWorkingGroup(string Id, string Name, string? ParentId);
/// <param name="Tracks">The kind of item the workstream counts, where the source documents make it clear.</param>
public sealed record DemoWorkstream(string Id, string Name, string WorkingGroupId, WorkstreamCategory Category, string? Tracks);
public sealed record DemoSystem(string OrganisationId, string Area, string CurrentSystem);

/// <summary>The Pirkanmaa reference data (25 organisations, the working-group tree, 68 workstreams, the systems to unify), read from the assembly.</summary>
public sealed record PirkanmaaData(
    IReadOnlyList<DemoOrganisation> Organisations,
    IReadOnlyList<DemoWorkingGroup> WorkingGroups,
    IReadOnlyList<DemoWorkstream> Workstreams,
    IReadOnlyList<DemoSystem> Systems)
{
    public static PirkanmaaData Load() => new(
        Rows("organisations.csv").Select(r => new DemoOrganisation(r["id"], r["name"], Enum.Parse<OrganisationKind>(r["kind"].Replace("-", ""), ignoreCase: true))).ToList(),
        Rows("working-groups.csv").Select(r => new DemoWorkingGroup(r["id"], r["name"], r["parentId"] is { Length: > 0 } parent ? parent : null)).ToList(),
        Rows("workstreams.csv").Select(r => new DemoWorkstream(r["id"], r["name"], r["workingGroupId"],
            Enum.Parse<WorkstreamCategory>(r["category"], ignoreCase: true), r["tracks"] is { Length: > 0 } tracks ? tracks : null)).ToList(),
        Rows("systems.csv").Select(r => new DemoSystem(r["organisationId"], r["area"], r["currentSystem"])).ToList());

    private static IEnumerable<Dictionary<string, string>> Rows(string file)
    {
        using var stream = typeof(PirkanmaaData).Assembly.GetManifestResourceStream("Pirkanmaa." + file)
            ?? throw new InvalidOperationException($"The demo data file {file} is not embedded in the API assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r')).ToList();
        var header = Fields(lines[0]);
        return lines.Skip(1).Select(line => header.Zip(Fields(line)).ToDictionary(pair => pair.First, pair => pair.Second)).ToList();
    }

    /// <summary>One CSV line (RFC 4180: quoted fields may hold commas and doubled quotes).</summary>
    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
