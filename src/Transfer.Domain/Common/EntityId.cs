using System.Text.RegularExpressions;

namespace Transfer.Domain.Common;

/// <summary>Ids of organisations, working groups and workstreams are chosen by the PMO.</summary>
public static partial class EntityId
{
    public const string Rule = "lower-case letters, digits and '-', starting with a letter or digit, at most 64 characters";

    /// <summary>The rule as a regular expression, as the OpenAPI document states it.</summary>
    public const string RegularExpression = "^[a-z0-9][a-z0-9-]{0,63}$";

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    // The same rule for .NET's matcher, where '$' also matches before a final line break ("org1\n" would pass): '\z' is the very end.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,63}\z")]
    private static partial Regex Pattern();
}
