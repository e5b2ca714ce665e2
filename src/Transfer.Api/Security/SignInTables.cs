using System.Collections.Concurrent;
using Npgsql;

namespace Transfer.Api.Security;

/// <summary>
/// The installation's own tables for signing in, in the main database (not a county's): sessions and the keys that
/// protect them. Created on first use, under a lock, so that two nodes starting together do not both create them.
/// </summary>
internal static class SignInTables
{
    public const string Sessions = $"{EventStoreSetup.Schema}.signin_sessions";
    public const string DataProtectionKeys = $"{EventStoreSetup.Schema}.data_protection_keys";

    private static readonly SemaphoreSlim Creating = new(1, 1);
    // Read without the lock on every session lookup, so a set safe for that.
    private static readonly ConcurrentDictionary<string, bool> Created = new();

    public static async Task Ensure(NpgsqlDataSource database)
    {
        var where = database.ConnectionString;
        if (Created.ContainsKey(where)) return;
        await Creating.WaitAsync();
        try
        {
            if (Created.ContainsKey(where)) return;
            await using var connection = await database.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var command = new NpgsqlCommand(
                $"select pg_advisory_xact_lock(hashtext('{Sessions}')); " +
                $"create schema if not exists {EventStoreSetup.Schema}; " +
                $"create table if not exists {Sessions} (id text primary key, ticket bytea not null, expires_at timestamptz not null); " +
                $"create index if not exists signin_sessions_expiry on {Sessions} (expires_at); " +
                $"create table if not exists {DataProtectionKeys} (name text primary key, xml text not null, stored_at timestamptz not null default now());",
                connection, transaction);
            await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            Created[where] = true;
        }
        finally
        {
            Creating.Release();
        }
    }
}
