namespace Transfer.Api.Boards;

/// <summary>A board's asOf and knownAt, as every route that answers a board for a day reads them (<see cref="BoardHorizon"/>).</summary>
public sealed class BoardHorizonParametersAttribute : DescribesParametersAttribute
{
    public const string KnownAt = "Show the board as it was known at this instant (with its offset, e.g. 2022-02-01T09:00:00+02:00): " +
                                  "events recorded later are left out. Default: everything recorded so far.";

    public override IEnumerable<ParameterText> Parameters =>
    [
        new("asOf", "The business date the board is for, YYYY-MM-DD; default today in Helsinki.", ParameterSchemas.Date()),
        new("knownAt", KnownAt, ParameterSchemas.Instant()),
    ];
}
