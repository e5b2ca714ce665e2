using System.Text.Json;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Transfer.Api.History;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Verification;

/// <summary>Changes made around the application, straight in the database, and what /api/audit/verify says of them.</summary>
public sealed class TamperEvidenceTests(TransferAppFixture app) : ApiTest(app)
{
    private async Task<VerificationReport> Verify(string query = "")
    {
        // The chain follows the high-water mark on the async daemon; wait for it as a client would wait a second.
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        return await Get($"/api/audit/verify{query}", AuditorToken).View<VerificationReport>();
    }

    private async Task<int> Sql(string sql)
    {
        await using var command = Host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        return await command.ExecuteNonQueryAsync();
    }

    private async Task<long> SequenceOf(string contractRef)
    {
        await using var command = Host.Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand($"select seq_id from transfer.mt_events where data->>'contractRef' = '{contractRef}'");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task GivenContracts(params string[] refs)
    {
        await GivenContractsWorkstream();
        foreach (var contractRef in refs)
            (await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef, occurredOn = "2022-01-28" })).Status.ShouldBe(201);
    }

    private static long FirstProblem(VerificationReport verify) => verify.Problems[0].Sequence;

    [Fact]
    public async Task An_untouched_history_verifies_and_its_views_match_a_replay()
    {
        await GivenContracts("A", "B", "C");

        var verify = await Verify();

        verify.ShouldBe(new VerificationReport(Intact: true, Events: 8, verify.Head, ViewsMatchReplay: true, Problems: [], ExpectedHeadFound: null,
            UnchainedEvents: 0, ViewDifferences: []));
        verify.Head.ShouldNotBeNull().Length.ShouldBe(64);
    }

    [Fact]
    public async Task An_edited_event_body_is_named_and_restoring_it_verifies_again()
    {
        await GivenContracts("A", "B", "C");
        var b = await SequenceOf("B");
        (await Verify()).Intact.ShouldBeTrue();

        await Sql($"update transfer.mt_events set data = jsonb_set(data, '{{organisationId}}', '\"pshp\"') where seq_id = {b}");
        var edited = await Verify();
        edited.Intact.ShouldBeFalse();
        FirstProblem(edited).ShouldBe(b);
        edited.Problems.Count.ShouldBe(1);
        // The stored views were built from what was really posted; a replay of the edited history differs.
        edited.ViewsMatchReplay.ShouldBeFalse();

        await Sql($"update transfer.mt_events set data = jsonb_set(data, '{{organisationId}}', '\"837\"') where seq_id = {b}");
        var restored = await Verify();
        restored.Intact.ShouldBeTrue(restored.ToString());
    }

    [Fact]
    public async Task A_changed_timestamp_or_recorder_is_named()
    {
        await GivenContracts("A", "B", "C");
        var a = await SequenceOf("A");
        var c = await SequenceOf("C");
        await Verify();

        await Sql($"update transfer.mt_events set timestamp = timestamp - interval '3 days' where seq_id = {c}");
        await Sql($"update transfer.mt_events set user_name = 'Someone else' where seq_id = {a}");
        var verify = await Verify();

        verify.Problems.Select(p => p.Sequence).ShouldBe([a, c]);
    }

    [Fact]
    public async Task A_deleted_event_is_named()
    {
        await GivenContracts("A", "B", "C");
        var b = await SequenceOf("B");
        await Verify();

        (await Sql($"delete from transfer.mt_events where seq_id = {b}")).ShouldBe(1);
        var verify = await Verify();

        verify.Intact.ShouldBeFalse();
        FirstProblem(verify).ShouldBe(b);
        verify.Problems[0].Problem.ShouldContain("missing");
    }

    [Fact]
    public async Task Reordered_events_are_named_at_the_first_moved_one()
    {
        await GivenContracts("A", "B", "C");
        var a = await SequenceOf("A");
        var b = await SequenceOf("B");
        await Verify();

        await Sql($"""
            update transfer.mt_events set seq_id = -1 where seq_id = {a};
            update transfer.mt_events set seq_id = {a} where seq_id = {b};
            update transfer.mt_events set seq_id = {b} where seq_id = -1;
            """);
        var verify = await Verify();

        verify.Intact.ShouldBeFalse();
        FirstProblem(verify).ShouldBe(a);
    }

    [Fact]
    public async Task A_head_written_down_earlier_is_found_after_more_events_and_not_after_an_edit_before_it()
    {
        await GivenContracts("A", "B");
        var head = (await Verify()).Head.ShouldNotBeNull();

        (await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "pshp", contractRef = "later", occurredOn = "2022-01-29" })).Status.ShouldBe(201);
        var later = await Verify($"?expectedHead={head}");
        later.ExpectedHeadFound.ShouldBe(true);
        later.Head.ShouldNotBe(head);

        // Someone who rewrites an event and recomputes every link after it leaves a chain that verifies,
        // but the head an auditor kept no longer appears in it.
        await Sql($"update transfer.mt_events set data = jsonb_set(data, '{{contractRef}}', '\"A2\"') where data->>'contractRef' = 'A'");
        await RewriteWholeChain();
        var rewritten = await Verify($"?expectedHead={head}");
        rewritten.Problems.ShouldBeEmpty();
        rewritten.ExpectedHeadFound.ShouldBe(false);

        (await Get("/api/audit/verify?expectedHead=not-a-hash", AuditorToken)).ErrorsFor("expectedHead")
            .ShouldBe(["must be a head as /api/audit/verify reports it: 64 hexadecimal characters"]);
        (await Get($"/api/audit/verify?expectedHead={new string('0', 64)}", AuditorToken).View<VerificationReport>()).ExpectedHeadFound.ShouldBe(false);
    }

    [Fact]
    public async Task Concurrent_writers_leave_one_chain_without_forks_or_gaps()
    {
        await GivenContractsWorkstream();
        await GivenWorkstream("talousjarjestelmat");

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Post($"/api/workstreams/{(i % 2 == 0 ? "sopimukset" : "talousjarjestelmat")}/contracts",
                new { organisationId = "837", contractRef = $"P-{i}", occurredOn = "2022-01-28" })));
        answers.ShouldAllBe(answer => answer.Status == 201);

        var verify = await Verify();
        verify.Intact.ShouldBeTrue(verify.ToString());
        verify.Events.ShouldBe(4 + 2 + 40);
        verify.UnchainedEvents.ShouldBe(0);

        // One link per event, in sequence order, each on the one before.
        await using var command = Host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "select count(*) = count(distinct l.id) and count(*) = (select count(*) from transfer.mt_events) from transfer.mt_doc_auditchainlink l");
        ((bool)(await command.ExecuteScalarAsync())!).ShouldBeTrue();
    }

    [Fact]
    public async Task Only_auditors_and_the_PMO_may_verify()
    {
        (await Get("/api/audit/verify", ChairToken)).Status.ShouldBe(403);
        (await Get("/api/audit/verify", PmoToken)).Status.ShouldBe(200);
    }

    /// <summary>What a thorough attacker with database access would do: recompute every link from the (edited) rows.</summary>
    private async Task RewriteWholeChain()
    {
        var database = Host.Services.GetRequiredService<NpgsqlDataSource>();
        var links = new List<(long, string)>();
        await using (var read = database.CreateCommand($"select {StoredEvent.Columns} from transfer.mt_events e order by e.seq_id"))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            var previous = Transfer.Api.Verification.AuditChain.Genesis;
            while (await reader.ReadAsync())
            {
                var stored = StoredEvent.Read(reader);
                previous = Transfer.Api.Verification.AuditChain.Link(previous, stored);
                links.Add((stored.Sequence, previous));
            }
        }
        foreach (var (sequence, hash) in links)
            await Sql($"update transfer.mt_doc_auditchainlink set data = jsonb_set(data, '{{hash}}', '{JsonSerializer.Serialize(hash)}') where id = {sequence}");
    }
}
