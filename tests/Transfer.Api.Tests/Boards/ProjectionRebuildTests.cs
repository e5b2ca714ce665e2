using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Transfer.Api.Demo;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Boards;

public sealed class ProjectionRebuildTests(TransferAppFixture app) : ApiTest(app)
{
    private static readonly string[] Views = ["workstream", "workstreamprofile", "tallyregister", "counteditem", "tallyblock", "organisation", "workinggroup"];

    /// <summary>Every stored view, as one fingerprint per view table.</summary>
    private async Task<Dictionary<string, string>> Fingerprints()
    {
        var database = Host.Services.GetRequiredService<NpgsqlDataSource>();
        var fingerprints = new Dictionary<string, string>();
        foreach (var view in Views)
        {
            await using var command = database.CreateCommand(
                $"select count(*) || ':' || coalesce(md5(string_agg(id::text || data::text, '|' order by id)), '') from transfer.mt_doc_{view}");
            fingerprints[view] = (string)(await command.ExecuteScalarAsync())!;
        }
        return fingerprints;
    }

    [Fact]
    public async Task Projections_rebuild_from_the_command_line_leaves_every_view_as_it_was()
    {
        await ActivatorUtilities.CreateInstance<DemoSeeder>(Host.Services).Seed(false, CancellationToken.None);
        (await Post("/api/workstreams/sopimusten-siirrot/retractions", new { kind = "contract", organisationId = "837", @ref = "837-SOP-001", reason = "test", occurredOn = "2022-03-01" }))
            .Status.ShouldBe(201);
        var before = await Fingerprints();
        before["counteditem"].ShouldStartWith("2"); // thousands of items, not an empty table
        before["tallyblock"].ShouldNotStartWith("0:");
        // Wipe views so the rebuild has real work to do.
        await using (var wipe = Host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "delete from transfer.mt_doc_workstreamprofile; delete from transfer.mt_doc_tallyblock"))
            await wipe.ExecuteNonQueryAsync();

        var (exitCode, stdout, stderr) = await ApiProgram.Run(new Dictionary<string, string>
        {
            ["ConnectionStrings__Transfer"] = System.Environment.GetEnvironmentVariable(TransferAppFixture.ConnectionStringVariable)!,
            ["Auth__SigningKey"] = App.SigningKey,
        }, "projections", "rebuild");

        exitCode.ShouldBe(0, stdout + stderr);
        stdout.ShouldContain("Finished rebuilding Readiness");
        stdout.ShouldContain("Finished rebuild in");
        stdout.ShouldNotContain("[purple]", customMessage: "JasperFx's closing line, rendered rather than printed as markup");
        (await Fingerprints()).ShouldBe(before);
    }
}
