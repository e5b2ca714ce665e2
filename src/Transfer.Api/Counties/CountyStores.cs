using Marten;
using Npgsql;
using Weasel.Postgresql;

namespace Transfer.Api.Counties;

/// <summary>A county's part of the store: its sessions (Marten's tenant) and, for the hand-written SQL, its database.</summary>
public sealed class CountyStores(IDocumentStore store)
{
    public IDocumentSession LightweightSession(County county) => store.LightweightSession(county.TenantId);

    public IQuerySession QuerySession(County county) => store.QuerySession(county.TenantId);

    /// <summary>The database the county lives in; its rows there carry its tenant id.</summary>
    public NpgsqlDataSource Database(County county) =>
        ((PostgresqlDatabase)store.Options.Tenancy.GetTenant(county.TenantId).Database).DataSource;
}
