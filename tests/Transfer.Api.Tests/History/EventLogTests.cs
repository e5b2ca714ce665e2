using System.Text;
using System.Text.Json;
using Transfer.Api.History;
using Transfer.Api.Tests.Support;
using Transfer.Api.Verification;

namespace Transfer.Api.Tests.History;

public sealed class EventLogTests(TransferAppFixture app) : ApiTest(app)
{
    private async Task GivenSomeHistory()
    {
        await GivenContractsWorkstream();
        (await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = "TRE-1", counterparty = "Oy \"Lainaus\", Ab", occurredOn = "2022-01-28" },
            App.TokenFor("Päivi PMO", "pmo"))).Status.ShouldBe(201);
        (await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "pshp", contractRef = "PSHP-1", occurredOn = "2022-01-29" })).Status.ShouldBe(201);
        (await Put("/api/workstreams/sopimukset/targets", new { occurredOn = "2021-09-01", targets = new[] { new { organisationId = "020", kind = "contract", expected = 1 } } }))
            .Status.ShouldBe(400); // Akaa is not registered: nothing recorded
        (await Put("/api/workstreams/sopimukset/targets", new { occurredOn = "2021-09-01", targets = new[] { new { organisationId = "837", kind = "contract", expected = 3 } } }))
            .Status.ShouldBe(200);
    }

    [Fact]
    public async Task A_workstreams_history_lists_every_event_in_order_with_who_when_and_what()
    {
        await GivenSomeHistory();

        var events = await Get("/api/workstreams/sopimukset/history", AuditorToken).View<ValueList<RecordedEvent>>();

        events.Select(e => e.Type).ShouldBe(["WorkstreamRegistered", "ContractTransferred", "ContractTransferred", "TargetsSet"]);
        events.Select(e => e.Version).ShouldBe([1L, 2L, 3L, 4L]);
        events.Select(e => e.Sequence).ShouldBeInOrder();
        events[0].OccurredOn.ShouldBeNull();
        events[1].OccurredOn.ShouldBe("2022-01-28");
        events[1].RecordedBy.ShouldBe("Päivi PMO");
        // The data is the event as stored, whose shape is the event's own: read as JSON.
        events[1].Data.Element.GetProperty("contractRef").GetString().ShouldBe("TRE-1");
        DateTimeOffset.Parse(events[1].RecordedAt).ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-1));

        (await Get("/api/workstreams/nope/history", AuditorToken)).Status.ShouldBe(404);
    }

    [Fact]
    public async Task The_event_log_pages_in_sequence_order()
    {
        await GivenSomeHistory();

        var first = await Get("/api/audit/events?limit=3", AuditorToken).View<EventLogPage>();
        first.Events.Count.ShouldBe(3);
        var next = first.Next.ShouldNotBeNull();
        next.ShouldBe(first.Events[^1].Sequence);

        var rest = await Get($"/api/audit/events?after={next}&limit=1000", AuditorToken).View<EventLogPage>();
        // 8 events in all: 2 organisations, 2 working groups, the workstream, 2 contracts and its targets.
        rest.Events.Count.ShouldBe(8 - 3);
        rest.Next.ShouldBeNull();
        first.Events.Concat(rest.Events).Select(e => e.Sequence).ShouldBeInOrder();
    }

    [Fact]
    public async Task The_event_log_filters_by_workstream_organisation_type_and_recording_time()
    {
        await GivenSomeHistory();

        (await Get("/api/audit/events?workstreamId=sopimukset", AuditorToken).View<EventLogPage>()).Events.Count.ShouldBe(4);
        var tampere = (await Get("/api/audit/events?organisationId=837", AuditorToken).View<EventLogPage>()).Events.Select(e => e.Type).ToList();
        tampere.ShouldBe(["OrganisationRegistered", "ContractTransferred", "TargetsSet"]);
        (await Get("/api/audit/events?type=ContractTransferred", AuditorToken).View<EventLogPage>()).Events.Count.ShouldBe(2);
        (await Get("/api/audit/events?to=2020-01-01T00:00:00Z", AuditorToken).View<EventLogPage>()).Events.ShouldBeEmpty();
        var since = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"));
        (await Get($"/api/audit/events?from={since}&type=TargetsSet", AuditorToken).View<EventLogPage>()).Events.Count.ShouldBe(1);

        var bad = await Get("/api/audit/events?type=Contract&limit=5000&after=-1&from=yesterday", AuditorToken);
        bad.Status.ShouldBe(400);
        bad.ErrorsFor("type").Single().ShouldStartWith("must be one of OrganisationRegistered");
        bad.ErrorsFor("limit").ShouldBe(["must be a whole number from 1 to 1000"]);
        bad.ErrorsFor("after").ShouldBe([$"must be a whole number from 0 to {long.MaxValue}"]);
        bad.ErrorsFor("from").Single().ShouldStartWith("must be an instant with its offset");
        (await Get("/api/audit/events?format=xml", AuditorToken)).ErrorsFor("format").ShouldBe(["must be csv, json or xlsx"]);
    }

    [Fact]
    public async Task The_CSV_form_parses_back_to_the_same_events()
    {
        await GivenSomeHistory();
        await WaitUntilChained();
        var json = (await Get("/api/audit/events?limit=1000", AuditorToken).View<EventLogPage>()).Events;

        var csv = await Get("/api/audit/events?format=csv", AuditorToken);
        csv.Status.ShouldBe(200);
        csv.ContentType.ShouldStartWith("text/csv");
        using (var raw = new HttpRequestMessage(HttpMethod.Get, "/api/audit/events?format=csv"))
        {
            raw.Headers.Authorization = new("Bearer", AuditorToken);
            var bytes = await (await Host.Server.CreateClient().SendAsync(raw)).Content.ReadAsByteArrayAsync();
            bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF }, "a UTF-8 byte order mark, so that Excel reads ä and ö");
        }
        var rows = ParseCsv(csv.Text);
        rows[0].Take(10).ShouldBe(["sequence", "streamId", "version", "type", "occurredOn", "recordedAt", "recordedBy", "data", "recordedAtHelsinki", "link"]);
        rows.Count.ShouldBe(json.Count + 1);
        foreach (var (row, e) in rows.Skip(1).Zip(json))
        {
            row[0].ShouldBe(e.Sequence.ToString());
            row[1].ShouldBe(e.StreamId);
            row[2].ShouldBe(e.Version.ToString());
            row[3].ShouldBe(e.Type);
            row[4].ShouldBe(e.OccurredOn ?? "");
            DateTimeOffset.Parse(row[5]).ShouldBe(DateTimeOffset.Parse(e.RecordedAt));
            row[6].ShouldBe(e.RecordedBy);
            JsonElement.DeepEquals(JsonDocument.Parse(row[7]).RootElement, e.Data.Element).ShouldBeTrue();
            row[5].ShouldMatch(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$");
            row[8].ShouldBe(TimeZoneInfo.ConvertTime(DateTimeOffset.Parse(row[5]), TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki"))
                .ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
            row[9].ShouldBe(e.Link);
        }
        // The counterparty with a comma and quotes survived the quoting.
        var contract = ParseCsv((await Get("/api/audit/events?format=csv&type=ContractTransferred", AuditorToken)).Text)[1][7];
        JsonDocument.Parse(contract).RootElement.GetProperty("counterparty").GetString().ShouldBe("Oy \"Lainaus\", Ab");
    }

    [Fact]
    public async Task The_CSV_for_Finnish_Excel_is_semicolon_separated_with_each_fact_in_a_column_of_its_own()
    {
        await GivenSomeHistory();
        await WaitUntilChained();

        var answer = await Get("/api/audit/events?format=csv&delimiter=semicolon&type=ContractTransferred", AuditorToken);
        var rows = ParseCsv(answer.Text, ';');
        var header = rows[0].ToList();

        rows.Count.ShouldBe(3);
        var tampere = rows[1];
        tampere[header.IndexOf("organisationId")].ShouldBe("837");
        tampere[header.IndexOf("contractRef")].ShouldBe("TRE-1");
        tampere[header.IndexOf("counterparty")].ShouldBe("Oy \"Lainaus\", Ab");
        tampere[header.IndexOf("link")].ShouldMatch("^[0-9a-f]{64}$");
        (await Get("/api/audit/events?format=csv&delimiter=tab", AuditorToken)).ErrorsFor("delimiter").ShouldBe(["must be comma or semicolon"]);
    }

    [Fact]
    public async Task The_workbook_holds_the_same_rows_with_dates_as_date_cells_and_pages_like_the_csv()
    {
        await GivenSomeHistory();
        await WaitUntilChained();
        var json = (await Get("/api/audit/events?limit=1000", AuditorToken).View<EventLogPage>()).Events;

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/audit/events?format=xlsx");
        request.Headers.Authorization = new("Bearer", AuditorToken);
        var answer = await Host.Server.CreateClient().SendAsync(request);
        answer.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(await answer.Content.ReadAsByteArrayAsync()), useHeaderRow: true)
            .Cast<IDictionary<string, object?>>().ToList();

        rows.Select(row => Convert.ToInt64(row["sequence"])).ShouldBe(json.Select(e => e.Sequence));
        var contract = rows.Single(row => (string?)row["contractRef"] == "TRE-1");
        contract["occurredOn"].ShouldBeOfType<DateTime>().ShouldBe(new DateTime(2022, 1, 28));
        contract["recordedAtHelsinki"].ShouldBeOfType<DateTime>();
        contract["organisationId"].ShouldBe("837");
        ((string)contract["link"]!).ShouldMatch("^[0-9a-f]{64}$");

        var paged = new HttpRequestMessage(HttpMethod.Get, "/api/audit/events?format=xlsx&limit=2");
        paged.Headers.Authorization = new("Bearer", AuditorToken);
        var page = await Host.Server.CreateClient().SendAsync(paged);
        page.Headers.GetValues("X-Next-After").Single().ShouldBe(json[1].Sequence.ToString());
    }

    private async Task WaitUntilChained()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await Get("/api/audit/verify", AuditorToken).View<VerificationReport>()).UnchainedEvents > 0)
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), "the audit chain did not catch up");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Accept_text_csv_pages_like_the_json_form()
    {
        await GivenSomeHistory();

        var result = await Host.Scenario(s =>
        {
            s.Get.Url("/api/audit/events?limit=2");
            s.WithBearerToken(AuditorToken);
            s.WithRequestHeader("Accept", "text/csv");
        });

        var rows = ParseCsv(result.ReadAsText());
        rows.Count.ShouldBe(3);
        result.Context.Response.Headers["X-Next-After"].ToString().ShouldBe(rows[2][0]);
    }

    [Fact]
    public async Task A_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text()
    {
        await GivenContractsWorkstream();
        (await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = "=1+2", occurredOn = "2022-01-28" },
            App.TokenFor("=HYPERLINK(\"http://example.invalid\")", "pmo"))).Status.ShouldBe(201);

        var rows = ParseCsv((await Get("/api/audit/events?format=csv&type=ContractTransferred", AuditorToken)).Text);

        rows[1][6].ShouldBe("'=HYPERLINK(\"http://example.invalid\")");
        rows[1][rows[0].ToList().IndexOf("contractRef")].ShouldBe("'=1+2", "the fact column, escaped like any other cell");
        rows[1][7].ShouldStartWith("{", customMessage: "the JSON as stored, which no spreadsheet runs");
    }

    [Fact]
    public async Task The_whole_log_as_CSV_reads_page_by_page_without_a_gap_or_a_repeat()
    {
        await using (var session = App.Store.LightweightSession())
        {
            for (var i = 0; i < HistoryEndpoints.MaxPage + 150; i++)
                session.Events.StartStream(Domain.Common.StreamKeys.Organisation($"o{i}"),
                    new Domain.Organisations.OrganisationRegistered($"o{i}", $"Organisation {i}", Domain.Organisations.OrganisationKind.Municipality));
            await session.SaveChangesAsync();
        }

        var rows = ParseCsv((await Get("/api/audit/events?format=csv", AuditorToken)).Text).Skip(1).ToList();

        rows.Count.ShouldBe(HistoryEndpoints.MaxPage + 150);
        rows.Select(row => long.Parse(row[0])).ShouldBeInOrder(SortDirection.Ascending);
        rows.Select(row => row[0]).Distinct().Count().ShouldBe(rows.Count);
    }

    [Fact]
    public async Task Only_auditors_and_the_PMO_read_the_history()
    {
        await GivenSomeHistory();

        (await Get("/api/workstreams/sopimukset/history", ChairToken)).Status.ShouldBe(403);
        (await Get("/api/audit/events", ChairToken)).Status.ShouldBe(403);
        (await Get("/api/audit/events", token: "")).Status.ShouldBe(401);
        (await Get("/api/audit/events", PmoToken)).Status.ShouldBe(200);
        (await Get("/api/workstreams/sopimukset/history", PmoToken)).Status.ShouldBe(200);
    }

    /// <summary>An independent RFC 4180 reader, so the test does not trust the writer's own rules.</summary>
    private static List<string[]> ParseCsv(string text, char separator = ',')
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == separator) { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString()); field.Clear();
                rows.Add([.. row]); row.Clear();
                i++;
            }
            else field.Append(c);
        }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add([.. row]); }
        return rows;
    }
}
