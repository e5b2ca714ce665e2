using System.Security.Cryptography;
using System.Text;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Transfer.Api.Evidence;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Evidence;

/// <summary>Signed checkpoints and proofs as an auditor checks them: with the public key and the RFC 9162 algorithms, not the API's word.</summary>
public sealed class CheckpointTests(TransferAppFixture app) : EvidenceTest(app)
{
    private async Task<ECDsa> PublicKey(string keyId)
    {
        var keys = await Get("/api/audit/public-key", AuditorToken).View<ValueList<SigningKey>>();
        var key = keys.Single(k => k.KeyId == keyId);
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(key.PublicKey);
        Convert.ToHexStringLower(SHA256.HashData(ecdsa.ExportSubjectPublicKeyInfo())).ShouldBe(key.Fingerprint);
        return ecdsa;
    }

    private static byte[] Hash(string hex) => Convert.FromHexString(hex);

    [Fact]
    public async Task A_checkpoint_is_made_on_schedule_and_its_note_is_signed_by_the_published_key()
    {
        await GivenContracts("A", "B");
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var events = await Host.Services.GetRequiredService<AuditTree>().Size(County, CancellationToken.None);
        events.ShouldBeGreaterThan(2);

        // Made by the scheduled round (a second apart here), not asked for.
        Response latest = null!;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            latest = await Get("/api/audit/checkpoint", AuditorToken);
            if (latest.Status == 200 && latest.Read<CheckpointView>().Size == events) break;
            await Task.Delay(250);
        }
        latest.Status.ShouldBe(200, latest.Text);
        var checkpoint = latest.Read<CheckpointView>();
        checkpoint.Size.ShouldBe(events);

        var note = checkpoint.Note;
        var (text, signatureLine) = (note[..(note.IndexOf("\n\n", StringComparison.Ordinal) + 1)], note[(note.IndexOf("\n\n", StringComparison.Ordinal) + 2)..]);
        var lines = text.Split('\n');
        lines[0].ShouldBe("transfer/county");
        lines[1].ShouldBe(events.ToString());
        Convert.FromBase64String(lines[2]).ShouldBe(Hash(checkpoint.Root));
        lines[3].ShouldStartWith("time ");
        DateTimeOffset.Parse(lines[3]["time ".Length..]).ShouldBe(WireJson.Instant(checkpoint.Time));
        signatureLine.ShouldStartWith("\u2014 transfer/county ");
        var signed = Convert.FromBase64String(signatureLine.TrimEnd('\n').Split(' ')[2]);
        var signature = Convert.FromBase64String(checkpoint.Signature);
        signed.ShouldBe([.. Convert.FromHexString(checkpoint.KeyId), .. signature]);

        using var key = await PublicKey(checkpoint.KeyId);
        key.VerifyData(Encoding.UTF8.GetBytes(text), signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence).ShouldBeTrue();
        key.VerifyData(Encoding.UTF8.GetBytes(text.Replace($"\n{events}\n", $"\n{events + 1}\n")), signature, HashAlgorithmName.SHA256,
            DSASignatureFormat.Rfc3279DerSequence).ShouldBeFalse("a note claiming another size");
    }

    [Fact]
    public async Task Every_event_is_proven_in_the_checkpoint_and_a_later_checkpoint_is_proven_to_extend_an_earlier()
    {
        await GivenContracts("A");
        var earlier = await CheckpointOfAll();
        await GivenContracts("B", "C");
        var later = await CheckpointOfAll();
        later.Id.ShouldBeGreaterThan(earlier.Id);

        for (var index = 0; index < later.Id; index++)
        {
            var proof = await Get($"/api/audit/proofs/inclusion?index={index}&size={later.Id}", AuditorToken).View<InclusionProofView>();
            proof.Index.ShouldBe(index);
            var path = proof.Path.Select(Hash).ToList();
            path.Count.ShouldBeLessThanOrEqualTo(4);
            Rfc9162.VerifyInclusion(index, later.Id, Hash(proof.Leaf), path, Convert.FromHexString(later.Root)).ShouldBeTrue($"event {index}");
        }
        var consistency = await Get($"/api/audit/proofs/consistency?from={earlier.Id}&size={later.Id}", AuditorToken).View<ConsistencyProofView>();
        Rfc9162.VerifyConsistency(earlier.Id, later.Id, Convert.FromHexString(earlier.Root), Convert.FromHexString(later.Root),
            consistency.Path.Select(Hash).ToList()).ShouldBeTrue();

        // The earlier checkpoint is still what an auditor fetched then; a proof for it verifies too.
        var first = await Get($"/api/audit/proofs/inclusion?index=0&size={earlier.Id}", AuditorToken).View<InclusionProofView>();
        Rfc9162.VerifyInclusion(0, earlier.Id, Hash(first.Leaf), first.Path.Select(Hash).ToList(),
            Convert.FromHexString(earlier.Root)).ShouldBeTrue();
    }

    [Fact]
    public async Task A_proof_asked_for_beyond_the_log_or_without_its_numbers_is_refused_with_the_field_named()
    {
        await GivenContracts("A");
        var size = (await CheckpointOfAll()).Id;
        (await Get($"/api/audit/proofs/inclusion?index={size}&size={size}", AuditorToken)).ErrorsFor("index").ShouldBe([$"must be below size ({size})"]);
        (await Get($"/api/audit/proofs/inclusion?index=0&size={size + 1}", AuditorToken)).ErrorsFor("size")
            .ShouldBe([$"must be at most the log's current size ({size} events)"]);
        (await Get("/api/audit/proofs/inclusion?size=2", AuditorToken)).ErrorsFor("index").ShouldBe(["is required"]);
        (await Get("/api/audit/proofs/inclusion?index=x&size=2", AuditorToken)).Status.ShouldBe(400);
        (await Get("/api/audit/proofs/consistency?from=0&size=2", AuditorToken)).ErrorsFor("from").ShouldNotBeEmpty();
        (await Get("/api/audit/proofs/consistency?from=3&size=2", AuditorToken)).ErrorsFor("from").ShouldBe(["must be at most size (2)"]);
        (await Get("/api/audit/checkpoint?at=yesterday", AuditorToken)).ErrorsFor("at").ShouldNotBeEmpty();
        (await Get("/api/audit/proofs/inclusion?index=0&size=1", ChairToken)).Status.ShouldBe(403);
    }

    [Fact]
    public async Task The_checkpoint_of_a_past_instant_is_the_last_one_made_by_then()
    {
        await GivenContracts("A");
        var first = await CheckpointOfAll();
        // Less than the minute's skew a token is allowed: the API checks tokens against the real clock.
        App.Clock.Advance(TimeSpan.FromSeconds(40));
        await GivenContracts("B");
        var second = await CheckpointOfAll();
        second.Time.ShouldBeGreaterThan(first.Time);

        (await Get($"/api/audit/checkpoint?at={Uri.EscapeDataString(first.Time.AddSeconds(20).ToString("O"))}", AuditorToken).View<CheckpointView>())
            .Size.ShouldBe(first.Id);
        (await Get($"/api/audit/checkpoint?at={Uri.EscapeDataString(second.Time.ToString("O"))}", AuditorToken).View<CheckpointView>())
            .Size.ShouldBe(second.Id);
        (await Get($"/api/audit/checkpoint?at={Uri.EscapeDataString(first.Time.ToOffset(TimeSpan.FromHours(2)).ToString("O"))}", AuditorToken).View<CheckpointView>())
            .Size.ShouldBe(first.Id, "the same instant in Helsinki's summer time");
        var before = await Get("/api/audit/checkpoint?at=2001-01-01T00:00:00Z", AuditorToken);
        before.Status.ShouldBe(404);
        before.Json.GetProperty("detail").GetString()!.ShouldStartWith("No checkpoint was made at or before");
    }

    [Fact]
    public async Task No_checkpoint_is_signed_over_a_tree_that_no_longer_has_the_signed_root()
    {
        await GivenContracts("A", "B");
        var signed = await CheckpointOfAll();
        // The tree's table restored from elsewhere, or rewritten: every stored hash differs from what was signed.
        await using (var rewrite = Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().CreateCommand(
                         "update transfer.audit_tree set hash = sha256(hash)"))
            (await rewrite.ExecuteNonQueryAsync()).ShouldBeGreaterThan(0);
        await GivenContracts("C");
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var refused = await Post("/api/audit/checkpoint", new { });
        refused.Status.ShouldBe(409);
        refused.Json.GetProperty("detail").GetString()!.ShouldContain($"no longer has the root its checkpoint of {signed.Id} events signed");
        (await Get("/api/audit/checkpoint", AuditorToken).View<CheckpointView>()).Size.ShouldBe(signed.Id, "the signed history stands alone");
        (await Get("/api/audit/evidence", AuditorToken)).Status.ShouldBe(409);
    }

    [Fact]
    public async Task A_checkpoint_root_serves_as_the_expected_head_and_an_edited_event_loses_it()
    {
        await GivenContracts("A", "B");
        var checkpoint = await CheckpointOfAll();
        await GivenContracts("C");
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var verify = await Get($"/api/audit/verify?expectedHead={checkpoint.Root}", AuditorToken).View<VerificationReport>();
        verify.Intact.ShouldBeTrue();
        verify.ExpectedHeadFound.ShouldBe(true);

        await using (var edit = Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().CreateCommand(
                         "update transfer.mt_events set data = jsonb_set(data, '{contractRef}', '\"A2\"') where data->>'contractRef' = 'A'"))
            (await edit.ExecuteNonQueryAsync()).ShouldBe(1);
        var after = await Get($"/api/audit/verify?expectedHead={checkpoint.Root}", AuditorToken).View<VerificationReport>();
        after.Intact.ShouldBeFalse();
        after.ExpectedHeadFound.ShouldBe(false, "the edited event is inside the checkpoint");
    }
}
