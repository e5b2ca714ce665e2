namespace Transfer.Api.Counties;

public static class EachCounty
{
    /// <summary>
    /// Runs a scheduled round's work for every county in turn: one county's database being away (or its work failing)
    /// stops neither the other counties' work nor the next round, and is logged as a warning naming the county.
    /// </summary>
    public static async Task Run(CountyCatalog counties, ILogger logger, string work, Func<County, Task> forCounty)
    {
        foreach (var county in counties.All)
        {
            try
            {
                await forCounty(county);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "{Work} of {County} failed this time", work, county.Id);
            }
        }
    }
}
