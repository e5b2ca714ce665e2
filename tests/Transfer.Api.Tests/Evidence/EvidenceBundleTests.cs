using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Transfer.Api.Counties;
using Transfer.Api.Evidence;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Evidence;

/// <summary>
/// The evidence bundle as an auditor uses it: unpacked on their own machine and checked by its verify.py with python3 and
/// openssl alone; then tampered with, part by part, each time expecting the verifier to say what failed.
/// </summary>
public sealed class EvidenceBundleTests(TransferAppFixture app) : EvidenceTest(app), IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("transfer-evidence-test-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    /// <summary>The bundle, unpacked into a folder of its own.</summary>
    private async Task<string> Bundle(string query = "")
    {
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/audit/evidence" + query);
        request.Headers.Authorization = new("Bearer", AuditorToken);
        var answer = await Host.Server.CreateClient().SendAsync(request);
        answer.IsSuccessStatusCode.ShouldBeTrue(await answer.Content.ReadAsStringAsync());
        answer.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        var folder = Path.Combine(scratch, Guid.NewGuid().ToString("N"));
        await using var zip = await answer.Content.ReadAsStreamAsync();
        ZipFile.ExtractToDirectory(zip, folder);
        return folder;
    }

    /// <summary>A copy of a bundle to tamper with.</summary>
    private string Copy(string bundle)
    {
        var copy = Path.Combine(scratch, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(bundle)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return copy;
    }

    /// <summary>The log's origin, as the county publishes it (Checkpoints:Origin and the county's id).</summary>
    private const string Origin = "transfer/county";

    /// <summary>verify.py run as an auditor runs it: the county's published key(s) and the log's origin pinned.</summary>
    private async Task<(int Exit, string Output)> Verify(string bundle)
    {
        var keyFile = Path.Combine(scratch, $"published-{Guid.NewGuid():N}.pem");
        File.WriteAllLines(keyFile, (await Get("/api/audit/public-key", AuditorToken).View<ValueList<SigningKey>>()).Select(key => key.PublicKey));
        return await VerifyPy.Run(bundle, "--public-key", keyFile, "--origin", Origin);
    }

    /// <summary>verify.py, pinned, exits 1 and names the failure: a line "FAILED: ..." holding <paramref name="named"/>.</summary>
    private async Task ShouldFail(string bundle, string named, string because)
    {
        var (exit, output) = await Verify(bundle);
        exit.ShouldBe(1, $"{because}:\n{output}");
        output.Split('\n').ShouldContain(line => line.StartsWith("FAILED: ") && line.Contains(named), $"{because}:\n{output}");
        output.ShouldNotContain("Traceback", customMessage: because);
    }

    private static void Edit(string bundle, string file, Func<string, string> change)
    {
        var path = Path.Combine(bundle, file);
        var before = File.ReadAllText(path);
        var after = change(before);
        after.ShouldNotBe(before, $"the tampering changed {file}");
        File.WriteAllText(path, after);
    }

    private static void EditJson(string bundle, string file, Action<JsonNode> change) => Edit(bundle, file, text =>
    {
        var json = JsonNode.Parse(text)!;
        change(json);
        return json.ToJsonString();
    });

    /// <summary>Another hash of the same form: the first hex digit turned.</summary>
    private static string Turned(string hex) => (hex[0] == '0' ? "1" : "0") + hex[1..];

    [Fact]
    public async Task The_whole_log_verifies_offline_and_tampering_with_an_event_the_order_a_proof_a_checkpoint_or_the_key_fails()
    {
        await GivenContracts("A", "B");
        await CheckpointOfAll();
        await GivenContracts("C", "D");
        await CheckpointOfAll();
        await GivenContracts("E");
        await CheckpointOfAll();
        var bundle = await Bundle();

        var (exit, output) = await Verify(bundle);
        exit.ShouldBe(0, output);
        output.TrimEnd().Split('\n')[^1].ShouldBe("verified");
        var size = await Host.Services.GetRequiredService<AuditTree>().Size(County, CancellationToken.None);
        File.ReadAllLines(Path.Combine(bundle, "events.jsonl")).Length.ShouldBe((int)size, "every event, all sealed by the checkpoints");
        var checkpoints = JsonNode.Parse(File.ReadAllText(Path.Combine(bundle, "checkpoints.json")))!.AsArray();
        checkpoints.Count.ShouldBeGreaterThanOrEqualTo(2);
        ((long)checkpoints[^1]!["size"]!).ShouldBe(size);
        foreach (var name in new[] { "proofs.json", "public-key.pem", "verify.py", "README.txt" }) File.Exists(Path.Combine(bundle, name)).ShouldBeTrue(name);

        var edited = Copy(bundle);
        Edit(edited, "events.jsonl", text => string.Join('\n', text.TrimEnd('\n').Split('\n').Select(line =>
        {
            var e = JsonNode.Parse(line)!;
            var data = (string)e["data"]!;
            if (!data.Contains("\"contractRef\": \"C\"")) return line;
            e["data"] = data.Replace("\"contractRef\": \"C\"", "\"contractRef\": \"X\"");
            return e.ToJsonString();
        })) + "\n");
        await ShouldFail(edited, "its leaf does not match its content", "an event's data changed");

        var reordered = Copy(bundle);
        Edit(reordered, "events.jsonl", text =>
        {
            var lines = text.TrimEnd('\n').Split('\n');
            (lines[2], lines[3]) = (lines[3], lines[2]);
            return string.Join('\n', lines) + "\n";
        });
        await ShouldFail(reordered, "expected index", "two events swapped");

        var dropped = Copy(bundle);
        Edit(dropped, "events.jsonl", text => string.Join('\n', text.TrimEnd('\n').Split('\n').Where((_, i) => i != 4)) + "\n");
        await ShouldFail(dropped, "expected index", "an event left out");

        var badProof = Copy(bundle);
        EditJson(badProof, "proofs.json", proofs =>
        {
            var path = proofs["consistency"]![0]!["path"]!.AsArray();
            path[0] = Turned((string)path[0]!);
        });
        await ShouldFail(badProof, "does not verify", "a consistency proof changed");

        var badCheckpoint = Copy(bundle);
        EditJson(badCheckpoint, "checkpoints.json", all => all[0]!["root"] = Turned((string)all[0]!["root"]!));
        await ShouldFail(badCheckpoint, "the root in its note does not match its root field", "a checkpoint's root changed");


        // A checkpoint rewritten consistently, its root both in the field and in its note: only the signature can tell.
        var forged = Copy(bundle);
        EditJson(forged, "checkpoints.json", all =>
        {
            var checkpoint = all[0]!;
            var root = Convert.FromHexString((string)checkpoint["root"]!);
            var forgedRoot = Turned((string)checkpoint["root"]!);
            checkpoint["note"] = ((string)checkpoint["note"]!).Replace(Convert.ToBase64String(root), Convert.ToBase64String(Convert.FromHexString(forgedRoot)));
            checkpoint["root"] = forgedRoot;
        });
        await ShouldFail(forged, "signature does not verify", "a checkpoint whose root and note were both changed");

        var badInclusion = Copy(bundle);
        EditJson(badInclusion, "proofs.json", proofs =>
        {
            var path = proofs["inclusion"]![0]!["path"]!.AsArray();
            path[^1] = Turned((string)path[^1]!);
        });
        await ShouldFail(badInclusion, "does not verify", "an inclusion proof changed");
    }

    [Fact]
    public async Task Only_a_bundle_pinned_to_the_countys_key_and_origin_is_verified_and_one_re_signed_by_a_forger_never_is()
    {
        await GivenContracts("A", "B");
        await CheckpointOfAll();
        var bundle = await Bundle();
        var county = (await Get("/api/audit/public-key", AuditorToken).View<ValueList<SigningKey>>())[0];

        var (unpinned, said) = await VerifyPy.Run(bundle);
        unpinned.ShouldBe(2, said);
        said.TrimEnd().Split('\n')[^1].ShouldStartWith("NOT VERIFIED");
        said.ShouldContain("--public-key");
        said.ShouldContain("--origin");
        (await VerifyPy.Run(bundle, "--key-fingerprint", county.Fingerprint, "--origin", Origin)).Exit.ShouldBe(0);
        (await VerifyPy.Run(bundle, "--key-fingerprint", county.Fingerprint)).Exit.ShouldBe(2, "the origin is not pinned");
        var (elsewhere, named) = await VerifyPy.Run(bundle, "--key-fingerprint", county.Fingerprint, "--origin", "transfer/lappi");
        elsewhere.ShouldBe(1, named);
        named.ShouldContain("not 'transfer/lappi' as pinned with --origin");

        // A forger's copy: every checkpoint signed again with a key of their own, and that key in public-key.pem. Everything
        // in it is consistent (they could as well have changed events and recomputed every hash), so only the pins catch it.
        var forged = Copy(bundle);
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyId = SHA256.HashData(forger.ExportSubjectPublicKeyInfo())[..4];
        EditJson(forged, "checkpoints.json", all =>
        {
            foreach (var checkpoint in all.AsArray())
            {
                var body = ((string)checkpoint!["note"]!).Split("\n\n")[0];
                var signature = forger.SignData(Encoding.UTF8.GetBytes(body + "\n"), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
                checkpoint["keyId"] = Convert.ToHexStringLower(keyId);
                checkpoint["signature"] = Convert.ToBase64String(signature);
                checkpoint["note"] = $"{body}\n\n\u2014 {Origin} {Convert.ToBase64String([.. keyId, .. signature])}\n";
            }
        });
        Edit(forged, "public-key.pem", _ => forger.ExportSubjectPublicKeyInfoPem() + "\n");
        var (trustingItself, output) = await VerifyPy.Run(forged, "--origin", Origin);
        trustingItself.ShouldBe(2, $"consistent in itself, never 'verified' on its own key:\n{output}");
        await ShouldFail(forged, "no public key has its key id", "re-signed, checked against the county's published key");
        var (byFingerprint, fingerprintOutput) = await VerifyPy.Run(forged, "--key-fingerprint", county.Fingerprint, "--origin", Origin);
        byFingerprint.ShouldBe(1, fingerprintOutput);
        fingerprintOutput.ShouldContain("FAILED: no key in public-key.pem has a fingerprint given with --key-fingerprint");
    }

    [Fact]
    public async Task A_period_holds_only_its_events_with_the_subtrees_around_them_and_a_pinned_key_verifies_it()
    {
        await GivenContracts("A", "B");
        await CheckpointOfAll();
        // The event store stamps events with the real clock: the period is taken from it.
        await Task.Delay(50);
        var from = DateTimeOffset.UtcNow;
        await GivenContracts("C", "D", "E");
        var to = DateTimeOffset.UtcNow;
        await CheckpointOfAll();
        await Task.Delay(50);
        await GivenContracts("F");
        await CheckpointOfAll();

        // from in Helsinki's offset, as a Finnish client writes it; to in UTC.
        var bundle = await Bundle($"?from={Uri.EscapeDataString(from.ToOffset(TimeSpan.FromHours(2)).ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}");
        var lines = File.ReadAllLines(Path.Combine(bundle, "events.jsonl"));
        lines.Length.ShouldBe(3);
        lines.ShouldAllBe(line => line.Contains("contractRef"));
        var proofs = JsonNode.Parse(File.ReadAllText(Path.Combine(bundle, "proofs.json")))!;
        proofs["tree"]!["nodes"]!.AsArray().Count.ShouldBeGreaterThan(0, "the events before the period and after it, as subtrees");

        var keyFile = Path.Combine(scratch, "county-published.pem");
        File.WriteAllText(keyFile, (await Get("/api/audit/public-key", AuditorToken).View<ValueList<SigningKey>>())[0].PublicKey);
        var (exit, output) = await VerifyPy.Run(bundle, "--public-key", keyFile, "--origin", Origin);
        exit.ShouldBe(0, output);

        var badNode = Copy(bundle);
        EditJson(badNode, "proofs.json", all =>
        {
            var node = all["tree"]!["nodes"]![0]!;
            node["hash"] = Turned((string)node["hash"]!);
        });
        await ShouldFail(badNode, "the root rebuilt from the events does not match the checkpoint's root", "a subtree around the period changed");
    }

    [Fact]
    public async Task After_a_key_rotation_both_keys_are_published_and_a_bundle_signed_by_both_verifies()
    {
        await GivenContracts("A");
        var before = await CheckpointOfAll();
        var newKeyFile = CheckpointKeys.NewKeyFile();
        try
        {
            // The signer a node restarted with the new key file has, beside this host's (which the schedule keeps using).
            var settings = Host.Services.GetRequiredService<CheckpointSettings>();
            using var rotated = new CheckpointSigner(new CheckpointSettings { SigningKeyFile = newKeyFile, Origin = settings.Origin });
            var afterRotation = new Checkpoints(Host.Services.GetRequiredService<CountyStores>(), Host.Services.GetRequiredService<AuditTree>(),
                rotated, settings, TimeProvider.System);
            AuditCheckpoint? after = null;
            // The schedule signs every second with the old key; the new one signs the first round it wins.
            for (var attempt = 0; attempt < 10 && after?.KeyId != rotated.KeyId; attempt++)
            {
                await GivenContracts($"B{attempt}");
                await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
                after = await afterRotation.Make(County, CancellationToken.None);
            }
            after!.KeyId.ShouldBe(rotated.KeyId);
            after.KeyId.ShouldNotBe(before.KeyId);

            var keys = (await Get("/api/audit/public-key", AuditorToken).View<ValueList<SigningKey>>()).Select(key => key.KeyId).ToList();
            keys.ShouldBe([before.KeyId, rotated.KeyId], ignoreOrder: true);
            var bundle = await Bundle();
            var (exit, output) = await Verify(bundle);
            exit.ShouldBe(0, output);
            File.ReadAllText(Path.Combine(bundle, "public-key.pem")).Split("BEGIN PUBLIC KEY").Length.ShouldBe(3, "both keys");
        }
        finally
        {
            File.Delete(newKeyFile);
        }
    }

    [Fact]
    public async Task An_event_edited_in_the_database_after_it_was_logged_fails_the_bundle()
    {
        await GivenContracts("A", "B");
        await CheckpointOfAll();
        await using (var edit = Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().CreateCommand(
                         "update transfer.mt_events set data = jsonb_set(data, '{contractRef}', '\"B2\"') where data->>'contractRef' = 'B'"))
            (await edit.ExecuteNonQueryAsync()).ShouldBe(1);

        var (exit, output) = await Verify(await Bundle());
        exit.ShouldBe(1, output);
        output.ShouldContain("FAILED: event");
    }

    [Fact]
    public async Task A_bundle_holds_what_its_checkpoints_sealed_any_reader_may_ask_and_only_two_are_made_at_once()
    {
        await GivenContracts("A", "B");
        await CheckpointOfAll();
        await GivenContracts("C");
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        // A read signs nothing (the scheduled checkpoints do): whatever was sealed when it was made, it holds exactly that.
        var national = await Host.Scenario(s => { s.Get.Url("/api/audit/evidence"); s.WithBearerToken(App.TokenFor("Ministry", "national")); s.IgnoreStatusCode(); });
        national.Context.Response.StatusCode.ShouldBe(200);
        var bundle = await Bundle();
        var sealedSize = (long)JsonNode.Parse(File.ReadAllText(Path.Combine(bundle, "checkpoints.json")))!.AsArray()[^1]!["size"]!;
        File.ReadAllLines(Path.Combine(bundle, "events.jsonl")).Length.ShouldBe((int)sealedSize);
        (await Verify(bundle)).Exit.ShouldBe(0);

        var bundles = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Get("/api/audit/evidence", AuditorToken)));
        bundles.Count(answer => answer.Status == 200).ShouldBeInRange(2, 19);
        bundles.Where(answer => answer.Status != 200).ShouldAllBe(answer => answer.Status == 429 && answer.Header("Retry-After") != null);
    }

    [Fact]
    public async Task A_period_that_is_no_period_is_refused_and_an_empty_one_is_an_empty_bundle()
    {
        (await Get("/api/audit/evidence?from=2022-02-01T00:00:00Z&to=2022-01-01T00:00:00Z", AuditorToken)).ErrorsFor("to").ShouldBe(["must not be before from"]);
        (await Get("/api/audit/evidence?from=soon", AuditorToken)).ErrorsFor("from").ShouldNotBeEmpty();
        (await Get("/api/audit/evidence", ChairToken)).Status.ShouldBe(403);

        await GivenContracts("A");
        var bundle = await Bundle("?from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z");
        File.ReadAllText(Path.Combine(bundle, "events.jsonl")).ShouldBeEmpty();
        (await Verify(bundle)).Exit.ShouldBe(0);
    }
}
