using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Transfer.Api.Security;

/// <summary>
/// Where ASP.NET Core's data-protection keys (which protect session cookies, sign-in state and anti-forgery tokens)
/// are kept: the installation's database, so every node shares them and a restart invalidates nothing. Microsoft
/// ships such stores for Entity Framework, Redis and blob storage, none for plain PostgreSQL; this is one table.
/// </summary>
public sealed class DataProtectionKeyStore(NpgsqlDataSource database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        SignInTables.Ensure(database).GetAwaiter().GetResult();
        using var command = database.CreateCommand($"select xml from {SignInTables.DataProtectionKeys} order by stored_at");
        using var reader = command.ExecuteReader();
        var keys = new List<XElement>();
        while (reader.Read()) keys.Add(XElement.Parse(reader.GetString(0)));
        return keys;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        SignInTables.Ensure(database).GetAwaiter().GetResult();
        using var command = database.CreateCommand(
            $"insert into {SignInTables.DataProtectionKeys} (name, xml) values ($1, $2) on conflict (name) do update set xml = excluded.xml");
        command.Parameters.Add(new NpgsqlParameter { Value = friendlyName });
        command.Parameters.Add(new NpgsqlParameter { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.ExecuteNonQuery();
    }
}
