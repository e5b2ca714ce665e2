using Transfer.Domain.Common;
using Transfer.Domain.Workstreams;

namespace Transfer.Domain.Readiness;

/// <summary>
/// One change to a tally: from business day <see cref="Day"/> on, and once the board knows of
/// <see cref="Known"/>, the tally stands <see cref="Delta"/> higher. A tally's value as of a date D
/// known at an instant T is the sum of its steps with Day ≤ D and Known ≤ T: a dominance count.
/// </summary>
public readonly record struct TallyStep(int Day, DateTimeOffset Known, long Delta);

/// <summary>
/// The names of a workstream's tallies: every number a board reads about a workstream is one of them,
/// as of any business date and known at any instant.
/// </summary>
public static class Tallies
{
    /// <summary>The due date in force, as a day number (the registration's due date from the beginning of time).</summary>
    public const string DueDate = "due";

    /// <summary>The expected count of one (organisation, kind) target; 0 while no target is in force.</summary>
    public static string Expected(string? organisationId, TargetKind kind) => $"expected/{organisationId ?? CountyLevel}/{kind}";

    /// <summary>How many items of one (organisation, kind) count; for staff data, 1 when the latest submission is complete.</summary>
    public static string Done(string? organisationId, TargetKind kind) => $"done/{organisationId ?? CountyLevel}/{kind}";

    /// <summary>The assessment in force for one dimension, as <see cref="AssessmentCode"/>.</summary>
    public static string Assessed(AssessmentDimension dimension) => $"assessed/{dimension}";

    /// <summary>Organisation ids start with a letter or digit, so this never collides with one.</summary>
    private const string CountyLevel = "*";

    /// <summary>The (organisation, kind) of an <see cref="Expected"/> tally, or null for any other tally.</summary>
    public static (string? OrganisationId, TargetKind Kind)? TargetOf(string tally)
    {
        if (!tally.StartsWith("expected/", StringComparison.Ordinal)) return null;
        var parts = tally.Split('/');
        return (parts[1] == CountyLevel ? null : parts[1], Enum.Parse<TargetKind>(parts[2]));
    }

    public static TargetKind TargetKindOf(ItemKind kind) => kind switch
    {
        ItemKind.Contract => TargetKind.Contract,
        ItemKind.System => TargetKind.System,
        ItemKind.Decision => TargetKind.Decision,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

/// <summary>
/// An assessment in force packed into one number, so that it can be a tally like any other: the stream
/// version of the assessment (to find its rationale) and its colour.
/// </summary>
public static class AssessmentCode
{
    public static long Of(long version, Rag rag) => version * 4 + (long)rag;

    public static Rag RagOf(long code) => (Rag)(code % 4);

    public static long VersionOf(long code) => code / 4;
}
