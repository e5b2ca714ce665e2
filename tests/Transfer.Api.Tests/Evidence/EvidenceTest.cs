using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Transfer.Api.Counties;
using Transfer.Api.Evidence;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Evidence;

/// <summary>Base of the evidence tests: a log of contract postings, and checkpoints of it as the schedule would make them.</summary>
public abstract class EvidenceTest(TransferAppFixture app) : ApiTest(app)
{
    protected County County => Host.Services.GetRequiredService<CountyCatalog>().Only;

    /// <summary>Contracts posted to the contracts workstream (registered with the first).</summary>
    protected async Task GivenContracts(params string[] refs)
    {
        if (await EventCount("sopimukset") == 0) await GivenContractsWorkstream();
        foreach (var contractRef in refs)
            (await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef, occurredOn = "2022-01-28" })).Status.ShouldBe(201);
    }

    /// <summary>Waits for the tree to hold every event, then makes a checkpoint of it (the schedule may have made it already).</summary>
    protected async Task<AuditCheckpoint> CheckpointOfAll()
    {
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        return (await Host.Services.GetRequiredService<Checkpoints>().Make(County, CancellationToken.None)).ShouldNotBeNull();
    }
}
