using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using NpgsqlTypes;

namespace Transfer.Api.Security;

/// <summary>
/// Signed-in people's sessions, kept in the installation's database: the cookie holds only a random key, so a
/// session ended (sign-out, expiry) is over for any copy of the cookie, and any node of the installation serves it.
/// ASP.NET Core offers the hook (<see cref="ITicketStore"/>) but no PostgreSQL store; this is one table.
/// </summary>
public sealed class SignInSessionStore(NpgsqlDataSource database, IDataProtectionProvider protection, TimeProvider clock) : ITicketStore
{
    private readonly IDataProtector protector = protection.CreateProtector("Transfer.SignInSessions");

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await SignInTables.Ensure(database);
        // Sessions nobody ended (the browser closed) go as new ones come.
        await using (var expired = database.CreateCommand($"delete from {SignInTables.Sessions} where expires_at < now()"))
            await expired.ExecuteNonQueryAsync();
        await using var command = database.CreateCommand($"insert into {SignInTables.Sessions} (id, ticket, expires_at) values ($1, $2, $3)");
        Bind(command, key, ticket);
        await command.ExecuteNonQueryAsync();
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        await SignInTables.Ensure(database);
        await using var command = database.CreateCommand($"update {SignInTables.Sessions} set ticket = $2, expires_at = $3 where id = $1");
        Bind(command, key, ticket);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        await SignInTables.Ensure(database);
        await using var command = database.CreateCommand($"select ticket from {SignInTables.Sessions} where id = $1 and expires_at > $2");
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        if (await command.ExecuteScalarAsync() is not byte[] stored) return null;
        try
        {
            return TicketSerializer.Default.Deserialize(protector.Unprotect(stored));
        }
        catch (CryptographicException)
        {
            // Protected with a key no longer held: the person signs in again.
            return null;
        }
    }

    public async Task RemoveAsync(string key)
    {
        await SignInTables.Ensure(database);
        await using var command = database.CreateCommand($"delete from {SignInTables.Sessions} where id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        await command.ExecuteNonQueryAsync();
    }

    private void Bind(NpgsqlCommand command, string key, AuthenticationTicket ticket)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(new NpgsqlParameter { Value = protector.Protect(TicketSerializer.Default.Serialize(ticket)) });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = ticket.Properties.ExpiresUtc ?? clock.GetUtcNow().Add(SecuritySetup.SessionIdleTimeout),
            NpgsqlDbType = NpgsqlDbType.TimestampTz,
        });
    }
}
