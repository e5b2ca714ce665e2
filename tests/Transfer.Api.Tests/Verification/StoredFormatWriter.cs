using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Alba;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Transfer.Api.Security;
using Transfer.Api.Tests.Support;
using Xunit.Abstractions;

namespace Transfer.Api.Tests.Verification;

/// <summary>A fact that runs only when TRANSFER_WRITE_STORED_FORMAT=1: it writes a fixture into the source tree.</summary>
public sealed class StoredFormatWriterFactAttribute : FactAttribute
{
    public const string Variable = "TRANSFER_WRITE_STORED_FORMAT";

    public StoredFormatWriterFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            Skip = $"Writes a stored-format fixture; run on purpose with {Variable}=1 (see Verification/StoredFormat/README.md).";
    }
}

/// <summary>
/// Writes the stored-format fixture (Verification/StoredFormat/written-by-&lt;commit&gt;.sql) with the code of the commit it
/// runs at: an API host of its own, on a database of its own, signing checkpoints with the committed test-only key, is
/// given a small complete history of one county through HTTP, as the PMO would give it; once the async daemon has
/// chained every event and grown the tree, a checkpoint is signed and the rows the audit depends on are dumped as SQL.
/// Opt-in: TRANSFER_WRITE_STORED_FORMAT=1 scripts/test.sh --filter "FullyQualifiedName~StoredFormatWriter".
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StoredFormatWriter(ITestOutputHelper output)
{
    private const string Database = "transfer_stored_format_writer";
    private const string Pmo = "Päivi Mäkelä (PMO)";
    private const string SecondPmo = "PMO Test";

    public static string Folder => Path.Combine(Repository.Root, "tests", "Transfer.Api.Tests", "Verification", "StoredFormat");
    public static string PrivateKeyFile => Path.Combine(Folder, "TEST-ONLY-checkpoint-key.pem");
    public static string PublicKeyFile => Path.Combine(Folder, "TEST-ONLY-checkpoint-key.pub.pem");

    private IAlbaHost host = null!;

    [StoredFormatWriterFact]
    public async Task Write_the_stored_format_fixture_with_this_commits_code()
    {
        var commit = await CommitOfTheCode();
        var server = Environment.GetEnvironmentVariable(TransferAppFixture.ConnectionStringVariable)
            ?? throw new InvalidOperationException("Run through scripts/test.sh, which starts PostgreSQL.");
        await Recreate(server, Database);
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = Database }.ConnectionString;
        host = await AlbaHost.For<Program>(builder => builder
            .UseSetting("Auth:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)))
            .UseSetting("ConnectionStrings:Transfer", connectionString)
            // Every checkpoint is signed with the committed test-only key; the two the fixture holds are asked for below.
            .UseSetting("Checkpoints:SigningKeyFile", PrivateKeyFile).UseSetting("Checkpoints:IntervalSeconds", "3600"));
        try
        {
            await SeedFirstPart();
            var first = await Checkpoint();
            await SeedSecondPart();
            var last = await Checkpoint();

            var verify = (await Send(HttpMethod.Get, "/api/audit/verify", null, Pmo)).View<VerificationReport>(200);
            verify.Intact.ShouldBeTrue(verify.ToString());
            verify.UnchainedEvents.ShouldBe(0);
            var events = verify.Events;
            var head = verify.Head.ShouldNotBeNull();
            last.Size.ShouldBe(events, "the last checkpoint holds every event");

            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await using var connection = await dataSource.OpenConnectionAsync();
            var sections = new List<List<string>>
            {
                Header(commit, events, head, first, last),
            };
            foreach (var table in StoredRows.AuditTables) sections.Add(await StoredRows.Section(connection, table));
            foreach (var table in await StoredRows.ViewTables(connection)) sections.Add(await StoredRows.Section(connection, table));
            sections.Add(await StoredRows.Sequences(connection));
            var script = StoredRows.Script(sections);
            Encoding.UTF8.GetByteCount(script).ShouldBeLessThan(1 << 20, "the fixture stays small");

            var file = Path.Combine(Folder, $"written-by-{commit}.sql");
            await File.WriteAllTextAsync(file, script, new UTF8Encoding(false));
            output.WriteLine($"Wrote {file}: {events} events, chain head {head}");
            output.WriteLine($"checkpoints: {first.Size} {first.Root}, {last.Size} {last.Root}");
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>The fixture's first lines: where it comes from and what it held, as comments.</summary>
    private static List<string> Header(string commit, long events, string head, CheckpointView first, CheckpointView last) =>
    [
        $"-- Transfer stored-format fixture, written by the code of commit {commit} (src/ as at that commit) with",
        "-- tests/Transfer.Api.Tests/Verification/StoredFormatWriter.cs; loaded by StoredFormatTests. Do not edit: see README.md.",
        "-- One county (the unnamed one, Marten's default tenant *DEFAULT*), schema transfer.",
        $"-- events: {events}",
        $"-- chain head: {head}",
        $"-- checkpoint: size {first.Size} root {first.Root} time {first.Time}",
        $"-- checkpoint: size {last.Size} root {last.Root} time {last.Time}",
        $"-- signed by key id {last.KeyId} (TEST-ONLY-checkpoint-key.pem, a test-only key)",
    ];

    /// <summary>The abbreviated commit that last changed src/, which must be unchanged in the working tree: the code that writes the fixture.</summary>
    private static async Task<string> CommitOfTheCode()
    {
        var dirty = await Git("status", "--porcelain", "--", "src");
        dirty.ShouldBeEmpty("the fixture must be written by committed code: src/ has changes");
        return (await Git("log", "-1", "--format=%h", "--abbrev=7", "--", "src")).Trim();
    }

    private static async Task<string> Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var git = Process.Start(start)!;
        var text = await git.StandardOutput.ReadToEndAsync();
        await git.WaitForExitAsync();
        git.ExitCode.ShouldBe(0, await git.StandardError.ReadToEndAsync());
        return text;
    }

    /// <summary>
    /// Reference data, three workstreams with their targets, and the first items: a checkpoint is signed after these, so the
    /// fixture holds two checkpoints and a consistency proof between them.
    /// </summary>
    private async Task SeedFirstPart()
    {
        foreach (var (id, name, kind) in new[]
                 {
                     ("837", "Tampere", "municipality"), ("604", "Pirkkala", "municipality"), ("980", "Ylöjärvi", "municipality"),
                     ("pshp", "Pirkanmaan sairaanhoitopiiri", "hospital-district"), ("pirpela", "Pirkanmaan pelastuslaitos", "rescue-department"),
                 })
            await Created("/api/organisations", new { id, name, kind });
        await Created("/api/working-groups", new { id = "vate", name = "Valmisteleva toimielin", parentId = (string?)null });
        await Created("/api/working-groups", new { id = "hallinto", name = "Hallinto ja talous", parentId = "vate" });
        await Created("/api/working-groups", new { id = "ict", name = "ICT ja digitalisaatio", parentId = "vate" });
        await Created("/api/workstreams", new { id = "sopimukset", name = "Sopimusten siirto", workingGroupId = "hallinto", category = "administration", startDate = "2021-09-01", dueDate = "2022-06-30" });
        await Created("/api/workstreams", new { id = "jarjestelmat", name = "Tietojärjestelmien yhtenäistäminen", workingGroupId = "ict", category = "ict", startDate = "2021-10-01", dueDate = "2022-12-31" });
        await Created("/api/workstreams", new { id = "henkilosto", name = "Henkilöstön siirto", workingGroupId = "hallinto", category = "hr", startDate = "2021-09-15", dueDate = "2022-10-31" });

        await Ok(HttpMethod.Put, "/api/workstreams/sopimukset/targets", new
        {
            occurredOn = "2021-09-01",
            targets = new object[]
            {
                new { organisationId = "837", kind = "contract", expected = 14 }, new { organisationId = "604", kind = "contract", expected = 4 },
                new { organisationId = "pshp", kind = "contract", expected = 6 }, new { organisationId = (string?)null, kind = "decision", expected = 2 },
            },
        });
        await Ok(HttpMethod.Put, "/api/workstreams/jarjestelmat/targets", new
        {
            occurredOn = "2021-10-01",
            targets = new object[] { new { organisationId = "837", kind = "system", expected = 3 }, new { organisationId = "pshp", kind = "system", expected = 2 } },
        });
        await Ok(HttpMethod.Put, "/api/workstreams/henkilosto/targets", new
        {
            occurredOn = "2021-09-15",
            targets = new object[]
            {
                new { organisationId = "837", kind = "staffData", expected = 1 }, new { organisationId = "604", kind = "staffData", expected = 1 },
                new { organisationId = "980", kind = "staffData", expected = 1 },
            },
        });

        await Created("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = "TRE-2021-118", counterparty = "Mehiläinen Oy", occurredOn = "2021-10-10" });
        await Created("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = "TRE-2021-119", counterparty = "Hämeenkyrön Lämpö Oy", occurredOn = "2021-10-12" });
        await Created("/api/workstreams/sopimukset/contracts", new { organisationId = "604", contractRef = "PIR-7", counterparty = "\"Oy; Ab\" & Co", occurredOn = "2021-11-02" });
        await Created("/api/workstreams/sopimukset/contracts", new { organisationId = "pshp", contractRef = "PSHP-1", counterparty = (string?)null, occurredOn = "2021-11-20" });
        await Created("/api/workstreams/jarjestelmat/systems", new { organisationId = "837", systemArea = "patient-records", fromSystem = "Effica", toSystem = "Lifecare", occurredOn = "2021-12-01" });
        await Created("/api/workstreams/henkilosto/staff-data", new { organisationId = "837", employees = 6120, complete = false, occurredOn = "2021-12-15" });
    }

    /// <summary>
    /// The rest: every other kind of workstream event (a reschedule, assessments, decisions, retractions, targets set again),
    /// a second recorder, and one import, whose events carry its importId and importRow headers.
    /// </summary>
    private async Task SeedSecondPart()
    {
        await Created("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = "TRE-2021-120", counterparty = "Pirkanmaan Jätehuolto Oy", occurredOn = "2021-12-20" }, SecondPmo);
        await Created("/api/workstreams/sopimukset/retractions", new { kind = "contract", organisationId = "604", @ref = "PIR-7", reason = "Kirjattu väärälle kunnalle – posted to the wrong municipality", occurredOn = "2021-12-21" });
        await Created("/api/workstreams/sopimukset/contracts", new { organisationId = "604", contractRef = "PIR-7", counterparty = "\"Oy; Ab\" & Co", occurredOn = "2022-01-04" });
        await Created("/api/workstreams/sopimukset/decisions", new { organisationId = (string?)null, body = "aluevaltuusto", reference = "AV 1/2022 § 3", title = "Hallintosääntö", occurredOn = "2022-01-11" });
        await Created("/api/workstreams/sopimukset/decisions", new { organisationId = "837", body = "Tampereen kaupunginvaltuusto", reference = "KV 14.2.2022 § 23", title = "Luovutuspäätös", occurredOn = "2022-02-14" });
        await Created("/api/workstreams/sopimukset/decisions", new { organisationId = (string?)null, body = "aluehallitus", reference = "AH 2/2022 § 9", title = "Sopimusten siirtosuunnitelma", occurredOn = "2022-02-21" }, SecondPmo);
        await Created("/api/workstreams/sopimukset/retractions", new { kind = "decision", @ref = "AH 2/2022 § 9", reason = "Päätös palautettiin valmisteluun", occurredOn = "2022-02-28" });
        await Ok(HttpMethod.Post, "/api/workstreams/sopimukset/reschedule", new { dueDate = "2022-08-31", reason = "Tampere ~2 kk myöhässä; PSHP:n sopimukset kesken", occurredOn = "2022-03-01" });
        await Created("/api/workstreams/sopimukset/assessments", new { dimension = "risk", rag = "red", rationale = "Sairaanhoitopiiri jäljessä 🔴 – hospital district behind", occurredOn = "2022-03-02" });
        await Created("/api/workstreams/sopimukset/assessments", new { dimension = "schedule", rag = "amber", rationale = "Siirto noin viikon myöhässä", occurredOn = "2022-03-02" });
        await Created("/api/workstreams/sopimukset/assessments", new { dimension = "overall", rag = "amber", rationale = "Ks. riski ja aikataulu (§ 3)", occurredOn = "2022-03-03" }, SecondPmo);

        // One import: fifteen contracts as a Finnish spreadsheet writes them (semicolons, d.M.yyyy, a BOM).
        var file = new StringBuilder("workstreamId;organisationId;contractRef;counterparty;occurredOn\n");
        for (var n = 1; n <= 15; n++)
        {
            var organisation = (n % 3) switch { 0 => "pshp", 1 => "837", _ => "604" };
            file.Append($"sopimukset;{organisation};IMP-{n:000};{(n % 4 == 0 ? "" : $"Toimittaja {n} Oy")};{3 + n % 20}.3.2022\n");
        }
        var import = await Import("contracts", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(file.ToString())]);
        import.Events.ShouldBe(15);

        await Created("/api/workstreams/jarjestelmat/systems", new { organisationId = "837", systemArea = "finance", fromSystem = "Raindance", toSystem = "SAP", occurredOn = "2022-03-15" });
        await Created("/api/workstreams/jarjestelmat/systems", new { organisationId = "pshp", systemArea = "patient-records", fromSystem = "Uranus", toSystem = "Lifecare", occurredOn = "2022-03-20" });
        await Created("/api/workstreams/jarjestelmat/systems", new { organisationId = "837", systemArea = "hr", fromSystem = (string?)null, toSystem = (string?)null, occurredOn = "2022-03-22" }, SecondPmo);
        await Created("/api/workstreams/jarjestelmat/retractions", new { kind = "system", organisationId = "837", @ref = "hr", reason = "Ei vielä käytössä", occurredOn = "2022-03-25" });
        await Created("/api/workstreams/jarjestelmat/assessments", new { dimension = "cost", rag = "green", rationale = "Budjetissa", occurredOn = "2022-03-31" });
        await Ok(HttpMethod.Post, "/api/workstreams/jarjestelmat/reschedule", new { dueDate = "2023-03-31", reason = "Lifecare-käyttöönotto siirtyi", occurredOn = "2022-04-01" });

        await Created("/api/workstreams/henkilosto/staff-data", new { organisationId = "837", employees = 6184, complete = true, occurredOn = "2022-02-10" });
        await Created("/api/workstreams/henkilosto/staff-data", new { organisationId = "604", employees = 412, complete = true, occurredOn = "2022-02-11" });
        await Created("/api/workstreams/henkilosto/staff-data", new { organisationId = "980", employees = 0, complete = false, occurredOn = "2022-02-12" }, SecondPmo);
        await Ok(HttpMethod.Put, "/api/workstreams/henkilosto/targets", new
        {
            occurredOn = "2022-03-01",
            targets = new object[]
            {
                new { organisationId = "837", kind = "staffData", expected = 1 }, new { organisationId = "604", kind = "staffData", expected = 1 },
                new { organisationId = "980", kind = "staffData", expected = 1 }, new { organisationId = "pirpela", kind = "staffData", expected = 1 },
            },
        });
        await Created("/api/workstreams/henkilosto/assessments", new { dimension = "deliverables", rag = "green", rationale = "Valmis", occurredOn = "2022-04-05" });
        await Created("/api/workstreams/henkilosto/assessments", new { dimension = "benefits", rag = "amber", rationale = "Hyödyt näkyvät vasta 2023", occurredOn = "2022-04-05" });
    }

    /// <summary>Waits for the chain and the tree to hold every event, then has the PMO sign a checkpoint.</summary>
    private async Task<CheckpointView> Checkpoint()
    {
        await host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        return (await Send(HttpMethod.Post, "/api/audit/checkpoint", new { }, Pmo)).View<CheckpointView>(200);
    }

    private async Task Created(string url, object body, string recorder = Pmo) => (await Send(HttpMethod.Post, url, body, recorder)).ShouldHave(201);

    private async Task Ok(HttpMethod method, string url, object body) => (await Send(method, url, body, Pmo)).ShouldHave(200);

    private string Token(string name) => host.Services.GetRequiredService<TokenIssuer>().Issue(name, ["pmo"], TimeSpan.FromHours(1));

    private async Task<Answer> Send(HttpMethod method, string url, object? body, string recorder)
    {
        var result = await host.Scenario(s =>
        {
            if (method == HttpMethod.Get) s.Get.Url(url);
            else if (method == HttpMethod.Put) s.Put.Json(body!, JsonStyle.MinimalApi).ToUrl(url);
            else s.Post.Json(body!, JsonStyle.MinimalApi).ToUrl(url);
            s.WithBearerToken(Token(recorder));
            s.IgnoreStatusCode();
        });
        return new Answer(url, result.Context.Response.StatusCode, await result.ReadAsTextAsync());
    }

    private async Task<ImportAnswer> Import(string kind, byte[] file)
    {
        var result = await host.Scenario(s =>
        {
            s.Post.Url($"/api/imports/{kind}");
            s.ConfigureHttpContext(http =>
            {
                http.Request.ContentType = "text/csv";
                http.Request.ContentLength = file.Length;
                http.Request.Body = new MemoryStream(file);
            });
            s.WithBearerToken(Token(Pmo));
            s.IgnoreStatusCode();
        });
        return new Answer("import", result.Context.Response.StatusCode, await result.ReadAsTextAsync()).View<ImportAnswer>(201);
    }

    private sealed record Answer(string Url, int Status, string Text)
    {
        public void ShouldHave(int status) => Status.ShouldBe(status, $"{Url}: {Text}");

        /// <summary>Answered with <paramref name="status"/>, then read as the view <typeparamref name="T"/>, as strictly as <see cref="WireJson.Read{T}"/> reads one.</summary>
        public T View<T>(int status)
        {
            ShouldHave(status);
            try
            {
                return JsonSerializer.Deserialize<T>(Text, WireJson.Options) ?? throw new ShouldAssertException($"{Url}: the answer is null, not a {typeof(T).Name}");
            }
            catch (JsonException e)
            {
                throw new ShouldAssertException($"{Url}: the answer is not a {typeof(T).Name} as the contract states it: {e.Message}{Environment.NewLine}{Text}", e);
            }
        }
    }

    private static async Task Recreate(string server, string database)
    {
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        await using (var drop = new NpgsqlCommand($"drop database if exists {database} with (force)", admin)) await drop.ExecuteNonQueryAsync();
        await using (var create = new NpgsqlCommand($"create database {database}", admin)) await create.ExecuteNonQueryAsync();
    }
}
