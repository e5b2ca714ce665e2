namespace Transfer.Api.History;

/// <summary>The event log is expensive as a file without a page limit (the whole selection); a page of it is not.</summary>
public sealed class WholeLogAsFileAttribute : ExpensiveWhenAttribute
{
    public override bool Applies(HttpRequest request) => !request.Query.ContainsKey("limit") && HistoryEndpoints.FileAsked(request) is not null;
}
