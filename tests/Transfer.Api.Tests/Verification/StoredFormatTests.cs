using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Marten;
using Marten.Events;
using Npgsql;
using Transfer.Api.Tests.Evidence;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Verification;

/// <summary>
/// Issue 22: every chain and tree already stored still verifies after an upgrade. The rows a county's audit depends
/// on, as the code of commit 58fcf85 wrote them (Verification/StoredFormat/written-by-58fcf85.sql, with its README),
/// are loaded into an emptied database, and the running API is asked about them through HTTP only, as an auditor
/// asks: so the test holds whatever becomes of the audit's internal types. It must keep passing, unchanged, with the
/// fixture unchanged: a new version that cannot verify what an older one stored fails it. Write a new fixture beside
/// this one when the format changes on purpose; never regenerate this one.
/// </summary>
public sealed class StoredFormatTests(TransferAppFixture app) : ApiTest(app), IDisposable
{
    // What the fixture held when 58fcf85's code wrote it (its first lines and README.md say the same).
    private const string Fixture = "written-by-58fcf85.sql";
    private const long Events = 58;
    private const string ChainHead = "71e4973d5a2cec6f19a85d2076c337adad84dd9cfb18df203fd14798edf6dab4";
    private const long EarlierSize = 20;
    private const string EarlierRoot = "5c12359cd64993003120329c4a2eae6bf1e47fdddbfd53df7b15d22a7d2a1869";
    private const string EarlierTime = "2026-12-07T02:31:21Z";
    private const string Root = "ab31abca4b035891fc83a0d3688e398c93d7bf7541b0149f44a4a8f7ec6364ee";
    private const string KeyId = "040bfa1d";
    private const string Origin = "transfer/county";

    /// <summary>
    /// The county of the fixture: the unnamed one of an installation that configures none, Marten's default tenant. The
    /// shared test host configures none either, so its county is the same tenant and the rows load as they are, tenant_id
    /// and all (conjoined tenancy: every event, stream, document and tree row carries it). The schema is transfer in both.
    /// </summary>
    private const string Tenant = "*DEFAULT*";

    private readonly string scratch = Directory.CreateTempSubdirectory("transfer-stored-format-").FullName;
    private readonly NpgsqlDataSource database = NpgsqlDataSource.Create(ApiProcesses.TestConnectionString);

    /// <summary>The transaction that loaded the rows, by the xmin PostgreSQL stamps on each row it writes.</summary>
    private string loadedBy = "";

    public void Dispose()
    {
        Directory.Delete(scratch, recursive: true);
        database.Dispose();
    }

    private static string FixtureText => File.ReadAllText(Path.Combine(StoredFormatWriter.Folder, Fixture));

    /// <summary>
    /// Loads the fixture into the emptied database (ApiTest empties it before each test). The async daemon is paused
    /// meanwhile, as the reset pauses it, so that no agent is part-way through a page while the rows go in; resumed, it
    /// reads where it stands from the loaded progression rows, finds nothing new, and leaves the stored links and tree
    /// alone. (Loaded without those rows, the daemon chains the events again from sequence 0 and breaks the chain: tried.)
    /// One transaction, so that the checkpoint round (a Wolverine message, not the daemon, every second here) never sees
    /// the tree without its checkpoints, which it would sign with this run's key.
    /// </summary>
    private async Task Load()
    {
        await Host.PauseAllDaemonsAsync();
        try
        {
            await using var connection = await database.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            // The emptied database's daemon may already have noted where it stood (nowhere): the fixture says where it stands.
            await using (var clear = new NpgsqlCommand($"delete from {StoredRows.Schema}.mt_event_progression", connection, transaction))
                await clear.ExecuteNonQueryAsync();
            await using (var load = new NpgsqlCommand(FixtureText, connection, transaction)) await load.ExecuteNonQueryAsync();
            await using (var xid = new NpgsqlCommand("select pg_current_xact_id()::text", connection, transaction))
                loadedBy = (string)(await xid.ExecuteScalarAsync())!;
            await transaction.CommitAsync();
        }
        finally
        {
            await Host.ResumeAllDaemonsAsync();
        }
        // As every audit test waits for the chain: here it should find nothing to do.
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task The_chain_tree_and_checkpoints_written_by_58fcf85_still_verify_and_stay_as_stored()
    {
        await Load();

        // (a) The chain recomputed from the stored events matches the stored links and passes through the recorded head;
        // the stored views match a replay; and each checkpoint's root is what the stored events give at its size.
        (await Verify($"?expectedHead={ChainHead}")).ShouldBe(new VerificationReport(Intact: true, Events, Head: ChainHead, ViewsMatchReplay: true,
            Problems: [], ExpectedHeadFound: true, UnchainedEvents: 0, ViewDifferences: []));
        foreach (var root in new[] { EarlierRoot, Root })
            (await Verify($"?expectedHead={root}")).ExpectedHeadFound.ShouldBe(true, $"the checkpoint root {root}");

        // (b) The stored checkpoints are served (the latest, and the earlier one by its time), each note verifies with the
        // committed public key, and the API publishes that key.
        var checkpoint = await Get("/api/audit/checkpoint", AuditorToken).View<CheckpointView>();
        checkpoint.Size.ShouldBe(Events);
        checkpoint.Root.ShouldBe(Root);
        checkpoint.KeyId.ShouldBe(KeyId);
        using var publicKey = CommittedPublicKey();
        NoteVerifies(checkpoint, publicKey);
        var earlier = await Get($"/api/audit/checkpoint?at={Uri.EscapeDataString(EarlierTime)}", AuditorToken).View<CheckpointView>();
        earlier.Size.ShouldBe(EarlierSize);
        earlier.Root.ShouldBe(EarlierRoot);
        NoteVerifies(earlier, publicKey);
        var keys = await Get("/api/audit/public-key", AuditorToken).View<ValueList<SigningKey>>();
        var published = keys.Single(key => key.KeyId == KeyId);
        published.Fingerprint.ShouldBe(Fingerprint(publicKey));

        // (c) Inclusion and consistency proofs verify against the signed roots, and each proof's leaf is the leaf README
        // defines for the stored event at that index: the tree's encoding of an event, pinned by the rows themselves.
        var leaves = await LeavesOfTheStoredEvents();
        leaves.Count.ShouldBe((int)Events);
        foreach (var (index, size, root) in new[] { (0L, Events, Root), (1, Events, Root), (19, Events, Root), (20, Events, Root), (37, Events, Root),
                     (57, Events, Root), (0, EarlierSize, EarlierRoot), (13, EarlierSize, EarlierRoot), (19, EarlierSize, EarlierRoot) })
        {
            var proof = await Get($"/api/audit/proofs/inclusion?index={index}&size={size}", AuditorToken).View<InclusionProofView>();
            var leaf = Hash(proof.Leaf);
            leaf.ShouldBe(leaves[(int)index], $"the leaf of event {index}");
            Rfc9162.VerifyInclusion(index, size, leaf, proof.Path.Select(Hash).ToList(), Convert.FromHexString(root))
                .ShouldBeTrue($"event {index} in the tree of {size}");
        }
        foreach (var from in new long[] { 1, 7, EarlierSize, 33, Events - 1 })
        {
            var fromRoot = from == EarlierSize ? Convert.FromHexString(EarlierRoot) : TreeHash(leaves, 0, (int)from);
            var proof = await Get($"/api/audit/proofs/consistency?from={from}&size={Events}", AuditorToken).View<ConsistencyProofView>();
            Rfc9162.VerifyConsistency(from, Events, fromRoot, Convert.FromHexString(Root), proof.Path.Select(Hash).ToList())
                .ShouldBeTrue($"the tree of {Events} extends that of {from}");
        }

        // (d) An evidence bundle of the whole log verifies offline with the key pinned: the fixture's own two checkpoints
        // cover it (a checkpoint made now would be signed by this run's key, which the pinned key would refuse).
        var bundle = await Bundle();
        var (exit, output) = await VerifyPy.Run(bundle, "--public-key", StoredFormatWriter.PublicKeyFile, "--origin", Origin);
        exit.ShouldBe(0, output);
        output.TrimEnd().Split('\n')[^1].ShouldBe("verified");
        output.ShouldContain(Fingerprint(publicKey));
        File.ReadAllLines(Path.Combine(bundle, "events.jsonl")).Length.ShouldBe((int)Events);
        JsonNode.Parse(File.ReadAllText(Path.Combine(bundle, "checkpoints.json")))!.AsArray().Select(c => (string)c!["root"]!).ToList()
            .ShouldBe([EarlierRoot, Root], "the fixture's checkpoints, and no other");

        await ShouldBeAsLoaded();
    }

    [Fact]
    public async Task An_event_of_the_stored_history_altered_afterwards_is_named()
    {
        await Load();
        var sequence = await Scalar<long>($"select seq_id from {StoredRows.Schema}.mt_events where data->>'contractRef' = 'TRE-2021-119'");

        await Sql($"update {StoredRows.Schema}.mt_events set data = jsonb_set(data, '{{counterparty}}', '\"Joku muu Oy\"') where seq_id = {sequence}");

        var verify = await Verify($"?expectedHead={ChainHead}");
        verify.Intact.ShouldBeFalse(verify.ToString());
        verify.Problems.Select(problem => problem.Sequence).ShouldBe([sequence]);
        verify.ExpectedHeadFound.ShouldBe(false, "the altered event lies before the recorded head");
        (await Verify($"?expectedHead={Root}")).ExpectedHeadFound.ShouldBe(false, "nor do the events give the signed root");

        var (exit, output) = await VerifyPy.Run(await Bundle(), "--public-key", StoredFormatWriter.PublicKeyFile, "--origin", Origin);
        exit.ShouldBe(1, output);
        output.Split('\n').ShouldContain(line => line.StartsWith("FAILED: event") && line.Contains($"sequence {sequence})") && line.Contains("its leaf does not match"),
            output);

        // Only the event was touched: the chain, tree and checkpoints as stored are still the fixture's.
        await ShouldBeAsLoaded();
    }

    [Fact]
    public async Task An_event_recorded_after_the_upgrade_extends_the_stored_chain_and_the_signed_tree()
    {
        await Load();

        (await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = "AFTER-UPGRADE-1", occurredOn = "2022-05-02" }))
            .Status.ShouldBe(201);
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        // The new event's link follows the stored head, whatever encoding the new version writes new links in.
        var verify = await Verify($"?expectedHead={ChainHead}");
        verify.ShouldBe(new VerificationReport(Intact: true, Events + 1, verify.Head, ViewsMatchReplay: true, Problems: [], ExpectedHeadFound: true,
            UnchainedEvents: 0, ViewDifferences: []));
        verify.Head.ShouldNotBe(ChainHead);

        // A checkpoint of the grown tree (signed with this run's key) is consistent with the one 58fcf85 signed, and holds the new event.
        var checkpoint = await Post("/api/audit/checkpoint", new { }).View<CheckpointView>();
        checkpoint.Size.ShouldBe(Events + 1);
        var grownRoot = Hash(checkpoint.Root);
        var consistency = await Get($"/api/audit/proofs/consistency?from={Events}&size={Events + 1}", AuditorToken).View<ConsistencyProofView>();
        Rfc9162.VerifyConsistency(Events, Events + 1, Convert.FromHexString(Root), grownRoot,
            consistency.Path.Select(Hash).ToList()).ShouldBeTrue("the grown tree extends the signed one");
        var inclusion = await Get($"/api/audit/proofs/inclusion?index={Events}&size={Events + 1}", AuditorToken).View<InclusionProofView>();
        var leaves = await LeavesOfTheStoredEvents();
        Hash(inclusion.Leaf).ShouldBe(leaves[^1], "the new event's leaf");
        Rfc9162.VerifyInclusion(Events, Events + 1, leaves[^1], inclusion.Path.Select(Hash).ToList(), grownRoot)
            .ShouldBeTrue();

        await ShouldBeAsLoaded(grown: true);
    }

    [Fact]
    public async Task The_stored_links_and_leaves_are_the_encodings_of_the_stored_events_that_58fcf85_defines()
    {
        // The fixture checked against itself, with no code of the API's: what any later encoder must still accept. A link
        // is SHA-256 over the previous link and the event's fields, each as "<length in UTF-16 code units>:<UTF-8 bytes>;"
        // (LinkHasher at 58fcf85); a leaf is SHA-256(0x00 ‖ the fields as netstrings "<length in UTF-8 bytes>:<bytes>,").
        // The fixture holds non-ASCII data and recorders (ä, –, §, an emoji), where the two length rules differ.
        await Load();
        var events = await StoredEvents();
        var links = await StoredStrings($"select data->>'hash' from {StoredRows.Schema}.mt_doc_auditchainlink where tenant_id = '{Tenant}' order by id");
        var leaves = await StoredStrings($"select encode(hash, 'hex') from {StoredRows.Schema}.audit_tree where tenant_id = '{Tenant}' and level = 0 order by position");
        links.Count.ShouldBe(events.Count);
        leaves.Count.ShouldBe(events.Count);
        events.ShouldContain(fields => fields.Any(field => Encoding.UTF8.GetByteCount(field) != field.Length), "some field's two lengths differ");

        var previous = "";
        for (var i = 0; i < events.Count; i++)
        {
            var chained = new StringBuilder();
            foreach (var field in (string[])[previous, .. events[i]]) chained.Append(field.Length).Append(':').Append(field).Append(';');
            previous = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(chained.ToString())));
            previous.ShouldBe(links[i], $"the link of event {i}");
            Convert.ToHexStringLower(Leaf(events[i])).ShouldBe(leaves[i], $"the leaf of event {i}");
        }
        previous.ShouldBe(ChainHead);
        Convert.ToHexStringLower(TreeHash(events.Select(Leaf).ToList(), 0, (int)EarlierSize)).ShouldBe(EarlierRoot);
        Convert.ToHexStringLower(TreeHash(events.Select(Leaf).ToList(), 0, events.Count)).ShouldBe(Root);
    }

    /// <summary>
    /// The chain's links, the tree, the checkpoints and their keys are byte for byte the fixture's rows, and none was
    /// written again since the load (not even with the same content: its xmin would be another transaction's); and the
    /// daemon stands where the fixture says it stood. <paramref name="grown"/>: after events recorded since, the fixture's
    /// rows are all still there, untouched, beside the new ones.
    /// </summary>
    private async Task ShouldBeAsLoaded(bool grown = false)
    {
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var sections = StoredRows.Sections(FixtureText);
        await using var connection = await database.OpenConnectionAsync();
        foreach (var table in StoredRows.KeptAsLoaded)
        {
            var expected = sections[table];
            expected.ShouldNotBeEmpty(table);
            var stored = await StoredRows.Rows(connection, table, StoredRows.ColumnsOf(expected));
            if (grown) expected.Except(stored).ShouldBeEmpty($"rows of {table} the fixture holds and the table no longer does");
            else
            {
                stored.Count.ShouldBe(expected.Count, $"{table} holds the fixture's rows, no more, no fewer");
                for (var i = 0; i < expected.Count; i++) stored[i].ShouldBe(expected[i], $"{table}, row {i + 1}");
            }
            await using var untouched = new NpgsqlCommand(
                $"select count(*) from {StoredRows.Schema}.{table} where xmin::text::bigint = (@loadedBy::bigint % 4294967296)", connection);
            untouched.Parameters.AddWithValue("loadedBy", loadedBy);
            ((long)(await untouched.ExecuteScalarAsync())!).ShouldBe(expected.Count, $"rows of {table} were written again after the load");
        }
        if (grown) return;
        var progression = sections["mt_event_progression"].Where(row => row.Contains("Subscription:All"))
            .Select(row => row.Split("values ('")[1].Split("', '") is var values ? $"{values[0]} {values[1]}" : "").Order(StringComparer.Ordinal).ToList();
        progression.ShouldNotBeEmpty();
        (await StoredStrings($"select name || ' ' || last_seq_id from {StoredRows.Schema}.mt_event_progression where name like '%Subscription:All'"))
            .Order(StringComparer.Ordinal).ToList().ShouldBe(progression, "the daemon's subscriptions stand where the fixture left them");
    }

    private Task<VerificationReport> Verify(string query) => Get($"/api/audit/verify{query}", AuditorToken).View<VerificationReport>();

    /// <summary>The test-only public key committed beside the fixture: the published key an auditor obtained independently.</summary>
    private static ECDsa CommittedPublicKey()
    {
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(StoredFormatWriter.PublicKeyFile));
        return key;
    }

    private static string Fingerprint(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));

    /// <summary>A checkpoint's C2SP note: its lines say its size, root and time, and its signature verifies with the key.</summary>
    private static void NoteVerifies(CheckpointView checkpoint, ECDsa key)
    {
        var note = checkpoint.Note;
        var blank = note.IndexOf("\n\n", StringComparison.Ordinal);
        var (text, signatureLine) = (note[..(blank + 1)], note[(blank + 2)..]);
        var lines = text.Split('\n');
        lines[0].ShouldBe(Origin);
        lines[1].ShouldBe(checkpoint.Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Convert.FromBase64String(lines[2]).ShouldBe(Convert.FromHexString(checkpoint.Root));
        DateTimeOffset.Parse(lines[3]["time ".Length..], System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(WireJson.Instant(checkpoint.Time));
        signatureLine.ShouldStartWith($"\u2014 {Origin} ");
        var signature = Convert.FromBase64String(checkpoint.Signature);
        Convert.FromBase64String(signatureLine.TrimEnd('\n').Split(' ')[2]).ShouldBe([.. Convert.FromHexString(KeyId), .. signature]);
        key.VerifyData(Encoding.UTF8.GetBytes(text), signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
            .ShouldBeTrue($"the signature of the checkpoint of {lines[1]}");
    }

    /// <summary>
    /// The fields both encodings cover, of every stored event of the county in sequence order, as README defines them: stream,
    /// version, sequence, type, data as stored (jsonb text), business date or "", recorded instant (UTC, microseconds), recorder or "".
    /// </summary>
    private async Task<List<string[]>> StoredEvents()
    {
        await using var command = database.CreateCommand(
            "select e.stream_id, e.version::text, e.seq_id::text, e.type, e.data::text, coalesce(e.data->>'occurredOn', ''), " +
            "to_char(e.timestamp at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), coalesce(e.user_name, '') " +
            // e.seq_id, the number: a bare seq_id would name the output column, the text, and sort 10 before 2.
            $"from {StoredRows.Schema}.mt_events e where e.tenant_id = '{Tenant}' order by e.seq_id");
        var events = new List<string[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) events.Add(Enumerable.Range(0, 8).Select(reader.GetString).ToArray());
        return events;
    }

    private async Task<List<byte[]>> LeavesOfTheStoredEvents() => (await StoredEvents()).Select(Leaf).ToList();

    /// <summary>README's leaf: SHA-256(0x00 ‖ each field as a netstring, length:bytes, in UTF-8).</summary>
    private static byte[] Leaf(string[] fields)
    {
        var bytes = new List<byte> { 0x00 };
        foreach (var field in fields)
        {
            var utf8 = Encoding.UTF8.GetBytes(field);
            bytes.AddRange(Encoding.ASCII.GetBytes($"{utf8.Length}:"));
            bytes.AddRange(utf8);
            bytes.Add((byte)',');
        }
        return SHA256.HashData(bytes.ToArray());
    }

    /// <summary>RFC 9162's tree hash of leaves [start, end), the plain recursive way.</summary>
    private static byte[] TreeHash(IReadOnlyList<byte[]> leaves, int start, int end)
    {
        if (end - start == 1) return leaves[start];
        var split = 1;
        while (split * 2 < end - start) split *= 2;
        return SHA256.HashData([0x01, .. TreeHash(leaves, start, start + split), .. TreeHash(leaves, start + split, end)]);
    }

    private static byte[] Hash(string hex) => Convert.FromHexString(hex);

    /// <summary>The whole log's evidence bundle, unpacked into a folder of its own.</summary>
    private async Task<string> Bundle()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/audit/evidence");
        request.Headers.Authorization = new("Bearer", AuditorToken);
        var answer = await Host.Server.CreateClient().SendAsync(request);
        answer.IsSuccessStatusCode.ShouldBeTrue(await answer.Content.ReadAsStringAsync());
        var folder = Path.Combine(scratch, Guid.NewGuid().ToString("N"));
        await using var zip = await answer.Content.ReadAsStreamAsync();
        ZipFile.ExtractToDirectory(zip, folder);
        return folder;
    }

    private async Task Sql(string sql)
    {
        await using var command = database.CreateCommand(sql);
        (await command.ExecuteNonQueryAsync()).ShouldBe(1, sql);
    }

    private async Task<T> Scalar<T>(string sql)
    {
        await using var command = database.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<string>> StoredStrings(string sql)
    {
        await using var command = database.CreateCommand(sql);
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }
}
