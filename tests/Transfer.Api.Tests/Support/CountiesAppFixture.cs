using System.Security.Cryptography;
using Alba;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Transfer.Api.Security;

namespace Transfer.Api.Tests.Support;

/// <summary>
/// An API host serving three counties, as an installation configures them: Pirkanmaa and Kanta-Häme
/// together in the main database, Satakunta in a database of its own, on the server scripts/test.sh starts.
/// </summary>
public sealed class CountiesAppFixture : IAsyncLifetime
{
    public const string MainDatabase = "transfer_counties";
    public const string OwnDatabase = "transfer_counties_satakunta";
    public static readonly string[] Counties = ["kanta-hame", "pirkanmaa", "satakunta"];

    public string SigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    public string CheckpointKeyFile { get; } = CheckpointKeys.NewKeyFile();

    public IAlbaHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var server = Environment.GetEnvironmentVariable(TransferAppFixture.ConnectionStringVariable)
            ?? throw new InvalidOperationException($"{TransferAppFixture.ConnectionStringVariable} is not set: run the tests with scripts/test.sh.");
        foreach (var database in new[] { MainDatabase, OwnDatabase }) await Recreate(server, database);
        string On(string database) => new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;

        Host = await AlbaHost.For<Program>(builder => builder
            .UseSetting("Auth:SigningKey", SigningKey)
            // Checkpoints signed with a key of this run's, a round every second.
            .UseSetting("Checkpoints:SigningKeyFile", CheckpointKeyFile).UseSetting("Checkpoints:IntervalSeconds", "1")
            .UseSetting("ConnectionStrings:Transfer", On(MainDatabase))
            .UseSetting("Counties:pirkanmaa:Name", "Pirkanmaan hyvinvointialue")
            .UseSetting("Counties:kanta-hame:Name", "Kanta-Hämeen hyvinvointialue")
            .UseSetting("Counties:satakunta:Name", "Satakunnan hyvinvointialue")
            .UseSetting("Counties:satakunta:ConnectionString", On(OwnDatabase)));
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        File.Delete(CheckpointKeyFile);
    }

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public string TokenFor(string name, string? county, params string[] roles) =>
        Host.Services.GetRequiredService<TokenIssuer>().Issue(name, roles, TimeSpan.FromHours(1), county);

    /// <summary>Every county's data removed, in both databases, with the async daemon paused meanwhile.</summary>
    public Task Reset() => Host.ResetAllTransferData();

    /// <summary>A database of that name made afresh on the test server.</summary>
    internal static async Task Recreate(string server, string database)
    {
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        await using (var drop = new NpgsqlCommand($"drop database if exists {database} with (force)", admin)) await drop.ExecuteNonQueryAsync();
        await using (var create = new NpgsqlCommand($"create database {database}", admin)) await create.ExecuteNonQueryAsync();
    }
}
