using System.Text.Json;
using System.Text;
using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Transfer.Api.Tests.Support;
using Transfer.Api.Writing;

namespace Transfer.Api.Tests.Importing;

/// <summary>The PMO's import: a spreadsheet of events in one request, every bad row named, nothing half-stored.</summary>
public sealed class ImportTests(TransferAppFixture app) : ApiTest(app)
{
    private const string Csv = "text/csv";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [Fact]
    public async Task A_200_row_import_records_what_the_same_200_single_requests_record()
    {
        await GivenOrganisations("837", "pshp");
        await GivenWorkingGroup("vate");
        await GivenWorkingGroup("hallinto", "vate");
        foreach (var id in new[] { "yksitellen", "tiedostona" })
        {
            await GivenWorkstream(id);
            (await Put($"/api/workstreams/{id}/targets", new { occurredOn = "2021-09-01", targets = new[]
            {
                new { organisationId = "837", kind = "contract", expected = 150 }, new { organisationId = "pshp", kind = "contract", expected = 100 },
            } })).Status.ShouldBe(200);
        }
        var rows = Enumerable.Range(1, 200).Select(n => (organisation: n % 3 == 0 ? "pshp" : "837", reference: $"SOP-{n:000}",
            day: new DateOnly(2022, 1, 1).AddDays(n % 28))).ToList();

        foreach (var (organisation, reference, day) in rows)
            (await Post("/api/workstreams/yksitellen/contracts", new { organisationId = organisation, contractRef = reference, occurredOn = day.ToString("yyyy-MM-dd") }))
                .Status.ShouldBe(201);
        var file = new StringBuilder("workstreamId,organisationId,contractRef,occurredOn\n");
        foreach (var (organisation, reference, day) in rows) file.Append($"tiedostona,{organisation},{reference},{day:d.M.yyyy}\n");
        (await Import("contracts", Encoding.UTF8.GetBytes(file.ToString()), Csv)).Status.ShouldBe(201);

        // The same events, in the same order and versions (each naming its own workstream)...
        static IEnumerable<string> Events(ValueList<RecordedEvent> history) => history.Skip(1)
            .Select(e => $"{e.Version} {e.Type} {e.Data.Text}".Replace("tiedostona", "yksitellen"));
        Events(await Get("/api/workstreams/tiedostona/history", AuditorToken).View<ValueList<RecordedEvent>>())
            .ShouldBe(Events(await Get("/api/workstreams/yksitellen/history", AuditorToken).View<ValueList<RecordedEvent>>()));
        // ... the same views, on every date around the deadline ...
        foreach (var asOf in new[] { "2022-01-10", "2022-01-31", "2022-02-15" })
        {
            var single = await Get($"/api/workstreams/yksitellen?asOf={asOf}").View<WorkstreamView>();
            var imported = await Get($"/api/workstreams/tiedostona?asOf={asOf}").View<WorkstreamView>();
            imported.Targets.ShouldBe(single.Targets, asOf);
            imported.Rag.ShouldBe(single.Rag, asOf);
        }
        // ... and one intact chain over both.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        VerificationReport report;
        while ((report = await Get("/api/audit/verify", AuditorToken).View<VerificationReport>()).UnchainedEvents > 0)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the chain did not catch up");
            await Task.Delay(200);
        }
        report.Intact.ShouldBeTrue(report.ToString());
    }

    [Fact]
    public async Task A_file_of_contracts_as_Finnish_Excel_writes_it_is_recorded_row_by_row_and_traceable_to_its_rows()
    {
        await GivenContractsWorkstream();
        var file = Bom("workstreamId;organisationId;contractRef;counterparty;occurredOn\n" +
                       "sopimukset;837;TRE-1;Hämeenkyrön Lämpö Oy;20.1.2022\n" +
                       "sopimukset;pshp;PSHP-1;;2022-01-21\n" +
                       "sopimukset;837;TRE-2;\"Oy; Ab\";28.1.2022\n");

        var imported = await Import("contracts", file, Csv);

        imported.Status.ShouldBe(201, imported.Text);
        var answer = imported.Read<ImportAnswer>();
        var importId = answer.ImportId;
        answer.ShouldBe(new ImportAnswer(importId, "contracts", Rows: 3, Events: 3));
        (await EventCount("sopimukset")).ShouldBe(4);

        var log = (await Get($"/api/audit/events?importId={importId}", AuditorToken).View<EventLogPage>()).Events;
        log.Select(e => e.ImportRow).ShouldBe([2, 3, 4]);
        // Each event's data is as stored, its shape the event's own: read as JSON.
        log.Select(e => e.Data.Element.GetProperty("contractRef").GetString()).ShouldBe(["TRE-1", "PSHP-1", "TRE-2"]);
        log[0].Data.Element.GetProperty("occurredOn").GetString().ShouldBe("2022-01-20");
        log[0].Data.Element.GetProperty("counterparty").GetString().ShouldBe("Hämeenkyrön Lämpö Oy");
        log[2].Data.Element.GetProperty("counterparty").GetString().ShouldBe("Oy; Ab");
        log.ShouldAllBe(e => e.ImportId == importId);
        (await Get("/api/audit/events?workstreamId=sopimukset", AuditorToken).View<EventLogPage>()).Events[0].ImportId
            .ShouldBeNull("the registration was posted, not imported");

        var record = await Get($"/api/imports/{importId}", AuditorToken).View<ImportRecord>();
        record.ShouldBe(new ImportRecord(importId, "contracts", Rows: 3, Events: 3, FileName: null, record.RecordedAt, RecordedBy: "PMO Test"));
    }

    [Fact]
    public async Task Every_bad_row_is_named_as_its_single_route_would_refuse_it_and_nothing_is_stored()
    {
        await GivenContractsWorkstream();
        (await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = "TRE-OLD", occurredOn = "2022-01-10" })).Status.ShouldBe(201);
        var file = Encoding.UTF8.GetBytes("workstreamId,organisationId,contractRef,occurredOn\n" +
                                          "sopimukset,837,TRE-1,2022-01-20\n" +  // row 2: fine
                                          "sopimukset,837,TRE-2,31.2.2022\n" +   // row 3: no such date
                                          "sopimukset,999,TRE-3,2022-01-20\n" +  // row 4: no such organisation
                                          "eioleolemassa,837,TRE-4,2022-01-20\n" + // row 5: no such workstream
                                          "sopimukset,837,TRE-1,2022-01-21\n" +  // row 6: posted in row 2
                                          "sopimukset,837,TRE-OLD,2022-01-21\n" + // row 7: posted before
                                          "sopimukset,837,,2022-01-21\n");       // row 8: no reference

        var refused = await Import("contracts", file, Csv);

        refused.Status.ShouldBe(400, refused.Text);
        // Every bad row in one answer: those that cannot be read, and those the store and the rows above refuse.
        refused.ErrorsFor("rows[2].contractRef").ShouldBeEmpty();
        refused.ErrorsFor("rows[3].occurredOn").ShouldNotBeEmpty();
        refused.ErrorsFor("rows[4].organisationId").ShouldBe(["There is no organisation '999'."]);
        refused.ErrorsFor("rows[5].workstreamId").ShouldBe(["There is no workstream 'eioleolemassa'."]);
        refused.ErrorsFor("rows[6].contractRef").Single().ShouldContain("already");
        refused.ErrorsFor("rows[7].contractRef").Single().ShouldContain("already");
        refused.ErrorsFor("rows[8].contractRef").ShouldBe(["is required"]);
        (await EventCount("sopimukset")).ShouldBe(2, "nothing of the file was stored");
    }

    [Fact]
    public async Task An_Idempotency_Key_names_one_file_and_the_same_key_with_another_file_is_422_storing_nothing()
    {
        await GivenContractsWorkstream();
        var file = Encoding.UTF8.GetBytes("workstreamId,organisationId,contractRef,occurredOn\nsopimukset,837,TRE-1,2022-01-20\n");
        var other = Encoding.UTF8.GetBytes("workstreamId,organisationId,contractRef,occurredOn\nsopimukset,837,TRE-2,2022-01-20\n");

        var first = await Import("contracts", file, Csv, idempotencyKey: "import-key-1");
        first.Status.ShouldBe(201, first.Text);
        var again = await Import("contracts", file, Csv, idempotencyKey: "import-key-1");
        again.Status.ShouldBe(201);
        again.Text.ShouldBe(first.Text);
        var reused = await Import("contracts", other, Csv, idempotencyKey: "import-key-1");
        reused.Status.ShouldBe(422, reused.Text);
        reused.Json.GetProperty("title").GetString().ShouldBe("Idempotency-Key reused");
        (await EventCount("sopimukset")).ShouldBe(2, "the workstream's registration and the one contract of the first file");

        (await Import("contracts", other, Csv, idempotencyKey: "not a key")).ErrorsFor("Idempotency-Key")
            .ShouldBe(["must be printable ASCII without spaces, for example a UUID"]);
        (await Import("contracts", other, Csv, idempotencyKey: "import-key-2")).Status.ShouldBe(201, "a new key for a new file");
    }

    [Fact]
    public async Task One_Idempotency_Key_names_one_request_across_the_single_routes_and_the_import()
    {
        await GivenContractsWorkstream();
        var contract = new { organisationId = "837", contractRef = "TRE-1", occurredOn = "2022-01-20" };
        var file = Encoding.UTF8.GetBytes("workstreamId,organisationId,contractRef,occurredOn\nsopimukset,837,TRE-2,2022-01-20\n");

        (await Post("/api/workstreams/sopimukset/contracts", contract, headers: ("Idempotency-Key", "posted-first"))).Status.ShouldBe(201);
        var import = await Import("contracts", file, Csv, idempotencyKey: "posted-first");
        import.Status.ShouldBe(422, import.Text);
        import.Json.GetProperty("title").GetString().ShouldBe("Idempotency-Key reused");
        (await EventCount("sopimukset")).ShouldBe(2, "the registration and the single post: the import stored nothing");

        (await Import("contracts", file, Csv, idempotencyKey: "imported-first")).Status.ShouldBe(201);
        var post = await Post("/api/workstreams/sopimukset/contracts", contract with { contractRef = "TRE-3" }, headers: ("Idempotency-Key", "imported-first"));
        post.Status.ShouldBe(422, post.Text);
        (await EventCount("sopimukset")).ShouldBe(3, "the import's one row, and nothing of the refused post");
    }

    [Fact]
    public async Task A_key_an_import_kept_before_keys_were_shared_still_names_its_one_file()
    {
        await GivenContractsWorkstream();
        await using (var session = Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            // As an import before this version kept its key: beside its import, not with the other writes' keys.
            session.Store(new Transfer.Api.Importing.ImportKeyRecord(Writes.KeyId("PMO Test", "kept-before"), "0123456789abcdef0123456789abcdef"));
            await session.SaveChangesAsync();
        }
        var file = Encoding.UTF8.GetBytes("workstreamId,organisationId,contractRef,occurredOn\nsopimukset,837,TRE-1,2022-01-20\n");

        var reused = await Import("contracts", file, Csv, idempotencyKey: "kept-before");
        reused.Status.ShouldBe(422, reused.Text);
        (await EventCount("sopimukset")).ShouldBe(1, "only the workstream's registration");
    }

    [Fact]
    public async Task The_same_file_again_returns_the_first_answer_and_a_dry_run_stores_nothing()
    {
        await GivenContractsWorkstream();
        var file = Encoding.UTF8.GetBytes("workstreamId,organisationId,contractRef,occurredOn\nsopimukset,837,TRE-1,2022-01-20\n");

        var dry = await Import("contracts?dryRun=true", file, Csv);
        dry.Status.ShouldBe(200, dry.Text);
        (await EventCount("sopimukset")).ShouldBe(1);

        var first = await Import("contracts", file, Csv);
        first.Status.ShouldBe(201);
        first.Read<ImportAnswer>().ShouldBe(dry.Read<ImportAnswer>(), "a dry run answers as the import does");
        var again = await Import("contracts", file, Csv);
        again.Status.ShouldBe(201);
        again.Text.ShouldBe(first.Text);
        var dryAgain = await Import("contracts?dryRun=true", file, Csv);
        dryAgain.Status.ShouldBe(200, "a dry run is a dry run, even of a file imported before");
        dryAgain.Text.ShouldBe(first.Text);
        (await EventCount("sopimukset")).ShouldBe(2, "the second posting of the file stored nothing");
    }

    [Fact]
    public async Task An_xlsx_with_date_cells_is_read_as_its_first_sheet_and_retractions_see_the_rows_above()
    {
        await GivenContractsWorkstream();
        var contracts = Workbook(new[]
        {
            new Dictionary<string, object?> { ["workstreamId"] = "sopimukset", ["organisationId"] = "837", ["contractRef"] = "TRE-1", ["occurredOn"] = new DateTime(2022, 1, 20) },
            new Dictionary<string, object?> { ["workstreamId"] = "sopimukset", ["organisationId"] = "837", ["contractRef"] = "TRE-2", ["occurredOn"] = "21.1.2022" },
        });
        (await Import("contracts", contracts, Xlsx)).Status.ShouldBe(201);

        var retractions = Workbook(new[]
        {
            new Dictionary<string, object?> { ["workstreamId"] = "sopimukset", ["kind"] = "contract", ["organisationId"] = "837", ["ref"] = "TRE-1", ["reason"] = "Jää kunnalle", ["occurredOn"] = new DateTime(2022, 1, 25) },
            new Dictionary<string, object?> { ["workstreamId"] = "sopimukset", ["kind"] = "contract", ["organisationId"] = "837", ["ref"] = "TRE-1", ["reason"] = "Uudestaan", ["occurredOn"] = new DateTime(2022, 1, 26) },
        });
        var refused = await Import("retractions", retractions, Xlsx);
        refused.Status.ShouldBe(400, refused.Text);
        refused.ErrorsFor("rows[3].ref").Single().ShouldContain("not counted", Case.Insensitive, "row 2 retracted it already");
        (await EventCount("sopimukset")).ShouldBe(3);
    }

    [Fact]
    public async Task A_file_that_is_no_spreadsheet_of_the_kind_gets_a_plain_400_and_an_unknown_kind_a_404()
    {
        await GivenContractsWorkstream();
        (await Import("contracts", [], Csv)).ErrorsFor("file").Single().ShouldContain("empty");
        (await Import("contracts", Encoding.UTF8.GetBytes("not a workbook at all"), Xlsx)).ErrorsFor("file").Single().ShouldContain(".xlsx");
        (await Import("contracts", Encoding.UTF8.GetBytes("workstreamId,organisationId,contractRef,occurredOn,colour\n"), Csv))
            .ErrorsFor("file").Single().ShouldContain("'colour'");
        (await Import("contracts", Encoding.UTF8.GetBytes("workstreamId,contractRef\nsopimukset,TRE-1\n"), Csv))
            .ErrorsFor("file").Single().ShouldContain("organisationId");
        (await Import("contracts", Encoding.UTF8.GetBytes("workstreamId,organisationId,contractRef,occurredOn\n"), "text/plain")).Status.ShouldBe(415);
        (await Import("colours", Encoding.UTF8.GetBytes("workstreamId\n"), Csv)).Status.ShouldBe(404);
        (await Import("contracts", Encoding.UTF8.GetBytes("workstreamId,organisationId,contractRef,occurredOn\nsopimukset,837,TRE-1,2022-01-20\n"), Csv, ChairToken))
            .Status.ShouldBe(403);
        (await EventCount("sopimukset")).ShouldBe(1);
    }

    [Fact]
    public async Task A_file_uploaded_as_a_form_field_is_imported_under_its_file_name()
    {
        await GivenContractsWorkstream();
        using var http = Host.Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", PmoToken);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("workstreamId;organisationId;contractRef;occurredOn\nsopimukset;837;TRE-1;20.1.2022\n"));
        file.Headers.ContentType = new("text/csv");
        form.Add(file, "file", "sopimukset-tammikuu.csv");

        var answer = await http.PostAsync("/api/imports/contracts", form);

        answer.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await answer.Content.ReadAsStringAsync());
        var importId = JsonSerializer.Deserialize<ImportAnswer>(await answer.Content.ReadAsStringAsync(), WireJson.Options)!.ImportId;
        (await Get($"/api/imports/{importId}", AuditorToken).View<ImportRecord>()).FileName.ShouldBe("sopimukset-tammikuu.csv");
        (await EventCount("sopimukset")).ShouldBe(2);
    }

    [Fact]
    public async Task While_another_import_of_the_county_runs_the_next_is_told_to_come_back()
    {
        await GivenContractsWorkstream();
        // Another import, as the database sees it: a transaction holding the county's import lock.
        await using var database = Npgsql.NpgsqlDataSource.Create(Environment.GetEnvironmentVariable(TransferAppFixture.ConnectionStringVariable)!);
        await using var other = await database.OpenConnectionAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await using (var take = new Npgsql.NpgsqlCommand("select pg_advisory_xact_lock(hashtextextended('transfer:*DEFAULT*:imports', 0))", other, transaction))
            await take.ExecuteNonQueryAsync();
        var file = Encoding.UTF8.GetBytes("workstreamId,organisationId,contractRef,occurredOn\nsopimukset,837,TRE-1,2022-01-20\n");

        var busy = await Import("contracts", file, Csv);
        busy.Status.ShouldBe(429, busy.Text);
        busy.Header("Retry-After").ShouldNotBeNullOrEmpty();

        await transaction.RollbackAsync();
        (await Import("contracts", file, Csv)).Status.ShouldBe(201);
        (await EventCount("sopimukset")).ShouldBe(2);
    }

    [Fact]
    public async Task A_workbook_that_unpacks_to_hundreds_of_megabytes_is_refused_unread()
    {
        // A zip bomb in an .xlsx's clothes: a few hundred kilobytes that unpack to 300 MB of one sheet.
        using var bomb = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(bomb, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", System.IO.Compression.CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var megabyte = 0; megabyte < 300; megabyte++) await sheet.WriteAsync(zeros);
        }
        bomb.Length.ShouldBeLessThan(2_000_000);

        var refused = await Import("contracts", bomb.ToArray(), Xlsx);

        refused.Status.ShouldBe(400);
        refused.ErrorsFor("file").Single().ShouldContain("unpacks to more than");
    }

    [Fact]
    public async Task A_workbook_declaring_an_absurd_shape_is_refused_before_it_is_read()
    {
        await GivenContractsWorkstream();
        var good = Workbook([new() { ["workstreamId"] = "sopimukset", ["organisationId"] = "837", ["contractRef"] = "TRE-1", ["occurredOn"] = "2022-01-20" }]);
        foreach (var (dimension, says) in new[] { ("A1:XFD40", "16384 columns wide"), ("A1:XFD200", "16384 columns wide"), ("A1:D9000000", "declares 9000000 rows") })
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var refused = await Import("contracts", Declaring(good, dimension), Xlsx);
            refused.Status.ShouldBe(400, refused.Text);
            refused.ErrorsFor("file").Single().ShouldContain(says);
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), dimension);
        }
        (await Import("contracts", Declaring(good, "A1:D2"), Xlsx)).Status.ShouldBe(201, "a sheet of its real shape imports");
        (await EventCount("sopimukset")).ShouldBe(2);
    }

    [Fact]
    public async Task A_form_the_reader_refuses_is_a_400_in_words_and_records_nothing()
    {
        await GivenContractsWorkstream();
        const string csv = "workstreamId;organisationId;contractRef;occurredOn\r\nsopimukset;837;TRE-1;20.1.2022\r\n";
        string Part(string disposition) => $"--b\r\nContent-Disposition: {disposition}\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--b--\r\n";
        var hostile = new (string Why, string ContentType, string Body)[]
        {
            ("no boundary", "multipart/form-data", Part("form-data; name=\"file\"; filename=\"a.csv\"")),
            ("a body not matching its boundary", "multipart/form-data; boundary=other", Part("form-data; name=\"file\"; filename=\"a.csv\"")),
            ("over 1,024 fields", "multipart/form-data; boundary=b",
                string.Concat(Enumerable.Range(0, 1100).Select(i => $"--b\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\nx\r\n")) + "--b--\r\n"),
            ("a key over 2,048 characters", "multipart/form-data; boundary=b", $"--b\r\nContent-Disposition: form-data; name=\"{new string('k', 3000)}\"\r\n\r\nx\r\n--b--\r\n"),
            ("a part header over 16 KB", "multipart/form-data; boundary=b", Part($"form-data; name=\"file\"; filename=\"{new string('n', 20_000)}.csv\"")),
            ("a NUL in filename*", "multipart/form-data; boundary=b", Part("form-data; name=\"file\"; filename*=UTF-8''a%00b.csv")),
            ("a form of fields only", "application/x-www-form-urlencoded", "file=a.csv"),
        };
        foreach (var (why, contentType, body) in hostile)
        {
            var answer = await Import("contracts", Encoding.UTF8.GetBytes(body), contentType);
            answer.Status.ShouldBe(400, $"{why}: {answer.Text}");
            answer.ContentType.ShouldStartWith("application/problem+json", customMessage: why);
            answer.ErrorsFor("file").ShouldNotBeEmpty(why);
        }
        (await EventCount("sopimukset")).ShouldBe(1);
    }

    /// <summary>The workbook with its sheet's declared shape changed to <paramref name="dimension"/>, as a hand-edited file could be.</summary>
    private static byte[] Declaring(byte[] workbook, string dimension)
    {
        using var copy = new MemoryStream();
        copy.Write(workbook);
        using (var zip = new System.IO.Compression.ZipArchive(copy, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open())) xml = reader.ReadToEnd();
            // MiniExcel writes its elements with a prefix (<x:sheetData>); a hand-edited file may have none.
            xml = System.Text.RegularExpressions.Regex.Replace(xml, "<(\\w+:)?dimension ref=\"[^\"]*\"\\s*/>", "");
            xml = System.Text.RegularExpressions.Regex.Replace(xml, "<(\\w+:)?sheetData", match => $"<{match.Groups[1].Value}dimension ref=\"{dimension}\"/>{match.Value}");
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
            writer.Write(xml);
        }
        return copy.ToArray();
    }

    [Fact]
    public async Task A_file_announced_over_the_limit_is_refused_before_it_is_read()
    {
        var result = await Host.Scenario(s =>
        {
            s.Post.Url("/api/imports/contracts");
            s.ConfigureHttpContext(http =>
            {
                http.Request.ContentType = Csv;
                http.Request.ContentLength = 25_000_000;
                http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("workstreamId\n"));
            });
            s.WithBearerToken(PmoToken);
            s.IgnoreStatusCode();
        });
        result.Context.Response.StatusCode.ShouldBe(413);
    }

    [Theory]
    [InlineData("contracts.csv")]
    [InlineData("contracts.xlsx")]
    [InlineData("staff-data.csv")]
    public async Task Each_template_imports_as_it_is_once_its_example_workstream_and_organisation_exist(string template)
    {
        await GivenOrganisations("837");
        await GivenWorkingGroup("vate");
        await GivenWorkingGroup("hallinto", "vate");
        await GivenWorkstream("sopimusten-siirrot");
        using var http = Host.Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", PmoToken);
        var bytes = await http.GetByteArrayAsync($"/api/imports/templates/{template}");

        var imported = await Import(template.Split('.')[0], bytes, template.EndsWith(".xlsx") ? Xlsx : Csv);

        imported.Status.ShouldBe(201, imported.Text);
        imported.Read<ImportAnswer>().Events.ShouldBe(1);
    }

    private async Task<Response> Import(string kindAndQuery, byte[] file, string contentType, string? token = null, string? idempotencyKey = null)
    {
        var (path, query) = kindAndQuery.IndexOf('?') is var at and >= 0 ? (kindAndQuery[..at], kindAndQuery[at..]) : (kindAndQuery, "");
        return new Response(await Host.Scenario(s =>
        {
            s.Post.Url($"/api/imports/{path}");
            s.ConfigureHttpContext(http =>
            {
                http.Request.ContentType = contentType;
                http.Request.ContentLength = file.Length;
                http.Request.Body = new MemoryStream(file);
                if (query.Length > 0) http.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString(query);
                if (idempotencyKey is not null) http.Request.Headers["Idempotency-Key"] = idempotencyKey;
            });
            s.WithBearerToken(token ?? PmoToken);
            s.IgnoreStatusCode();
        }));
    }

    private static byte[] Bom(string text) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];

    private static byte[] Workbook(IEnumerable<Dictionary<string, object?>> rows)
    {
        using var workbook = new MemoryStream();
        workbook.SaveAs(rows, excelType: ExcelType.XLSX);
        return workbook.ToArray();
    }
}
