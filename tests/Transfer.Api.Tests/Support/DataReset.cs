using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Transfer.Api.Evidence;
using Weasel.Postgresql;

namespace Transfer.Api.Tests.Support;

public static class DataReset
{
    /// <summary>
    /// Every county's data removed, in every database, with the async daemon paused meanwhile: Marten's documents and
    /// events, and the Merkle tree's table, which Marten creates but does not empty (the product never does).
    /// </summary>
    public static async Task ResetAllTransferData(this IAlbaHost host)
    {
        // The tree first: a checkpoint round between the two would otherwise sign the old tree after its checkpoints were deleted.
        foreach (var database in await host.Services.GetRequiredService<IDocumentStore>().Storage.AllDatabases())
        {
            await using var connection = await ((PostgresqlDatabase)database).DataSource.OpenConnectionAsync();
            await using var truncate = new Npgsql.NpgsqlCommand($"truncate {AuditTreeTable.Name}", connection);
            await truncate.ExecuteNonQueryAsync();
        }
        await host.ResetAllMartenDataAsync();
    }
}
