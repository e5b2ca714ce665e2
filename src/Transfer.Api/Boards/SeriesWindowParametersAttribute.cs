namespace Transfer.Api.Boards;

/// <summary>The window of days a chart or What changed covers, and knownAt, as <see cref="SeriesWindow"/> reads them.</summary>
public sealed class SeriesWindowParametersAttribute : DescribesParametersAttribute
{
    public override IEnumerable<ParameterText> Parameters =>
    [
        new("from", "The first day, YYYY-MM-DD; each route has its default.", ParameterSchemas.Date()),
        new("to", "The last day, YYYY-MM-DD; default today in Helsinki.", ParameterSchemas.Date()),
        new("knownAt", BoardHorizonParametersAttribute.KnownAt, ParameterSchemas.Instant()),
    ];
}
