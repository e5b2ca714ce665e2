using System.Security.Cryptography;
using Alba;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Transfer.Api.Security;

namespace Transfer.Api.Tests.Support;

/// <summary>
/// One API host for the whole collection, with the product's own Marten, Wolverine and authentication
/// configuration, against the PostgreSQL server that scripts/test.sh starts.
/// </summary>
public sealed class TransferAppFixture : IAsyncLifetime
{
    public const string ConnectionStringVariable = "ConnectionStrings__Transfer";

    /// <summary>A key made for this test run: tokens signed with anything else must be refused.</summary>
    public string SigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    public string CheckpointKeyFile { get; } = CheckpointKeys.NewKeyFile();

    public IAlbaHost Host { get; private set; } = null!;

    /// <summary>The clock the API reads; every test starts with it running.</summary>
    public TestClock Clock { get; } = new();

    public async Task InitializeAsync()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ConnectionStringVariable)))
            throw new InvalidOperationException(
                $"{ConnectionStringVariable} is not set: run the tests with scripts/test.sh, which starts a throwaway PostgreSQL.");

        Host = await AlbaHost.For<Program>(builder => builder
            .UseSetting("Auth:SigningKey", SigningKey)
            // Checkpoints signed with a key of this run's, a round every second.
            .UseSetting("Checkpoints:SigningKeyFile", CheckpointKeyFile).UseSetting("Checkpoints:IntervalSeconds", "1")
            // A webhook that fails is tried again after 1 and 2 s inline, then once more 3 s later, then dead-lettered.
            .UseSetting("Webhooks:Retries:0", "1").UseSetting("Webhooks:Retries:1", "2").UseSetting("Webhooks:Retries:2", "3")
            .ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock)));
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        File.Delete(CheckpointKeyFile);
    }

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public string TokenFor(string name, params string[] roles) =>
        Host.Services.GetRequiredService<TokenIssuer>().Issue(name, roles, TimeSpan.FromHours(1));
}

/// <summary>Every API test runs in this one collection, one at a time: they share the test server and its daemons.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<TransferAppFixture>, ICollectionFixture<CountiesAppFixture>
{
    public const string Name = "api";
}
