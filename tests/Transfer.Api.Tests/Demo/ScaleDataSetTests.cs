using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Transfer.Api.Demo;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Demo;

/// <summary>
/// seed-scale loads N copies of the demo history through Marten's bulk path: the store it leaves must be
/// one the API could have written, its views equal to a replay of its events, and its boards those of a
/// county with N times the history behind the same workstreams.
/// </summary>
public sealed class ScaleDataSetTests(TransferAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Two_copies_of_the_history_verify_intact_and_equal_to_a_replay_and_take_new_writes()
    {
        var seeder = ActivatorUtilities.CreateInstance<ScaleSeeder>(Host.Services);
        var plan = ScaleSeeder.Plan(Transfer.Api.Demo.PirkanmaaData.Load(), factor: 2);
        var report = await seeder.Seed(2, plan, _ => { }, CancellationToken.None);

        report.Workstreams.ShouldBe(68);
        report.Events.ShouldBe(45 + plan.Sum(workstream => 1 + workstream.Facts.Count));
        report.Events.ShouldBeGreaterThan(4_800); // twice the demo's 2,509, less the reference data registered once

        // The bulk path leaves what the inline projections would have: a write decides on it as usual.
        (await Post("/api/workstreams/sopimusten-siirrot/contracts", new { organisationId = "837", contractRef = "837-SOP-001/2", occurredOn = "2022-03-01" }))
            .Status.ShouldBe(409);
        (await Post("/api/workstreams/sopimusten-siirrot/contracts", new { organisationId = "837", contractRef = "837-SOP-NEW", occurredOn = "2022-03-01" }))
            .Status.ShouldBe(201);

        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var verify = await Get("/api/audit/verify", AuditorToken).View<VerificationReport>();
        verify.Intact.ShouldBeTrue(verify.ToString());
        verify.ViewsMatchReplay.ShouldBeTrue(verify.ToString());
        verify.Events.ShouldBe(report.Events + 1);
    }

    [Fact]
    public async Task The_command_refuses_a_store_that_holds_events_and_a_factor_out_of_range_and_loads_nothing()
    {
        (await Post("/api/organisations", new { id = "837", name = "Tampere", kind = "municipality" })).Status.ShouldBe(201);
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Transfer"] = System.Environment.GetEnvironmentVariable(TransferAppFixture.ConnectionStringVariable)!,
            ["Auth__SigningKey"] = App.SigningKey,
        };

        var (exitCode, stdout, stderr) = await ApiProgram.Run(environment, "seed-scale", "--factor", "2");
        exitCode.ShouldNotBe(0, stdout);
        stderr.ShouldContain("already holds events");

        (exitCode, stdout, stderr) = await ApiProgram.Run(environment, "seed-scale", "--factor", "0");
        exitCode.ShouldNotBe(0, stdout);
        stderr.ShouldContain("--factor must be between 1 and 1000");

        await using var session = App.Store.QuerySession();
        (await session.Events.QueryAllRawEvents().CountAsync()).ShouldBe(1);
    }
}
