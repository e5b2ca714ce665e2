using Alba;
using Npgsql;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Counties;

/// <summary>
/// Three counties on one installation (Pirkanmaa and Kanta-Häme sharing the main database, Satakunta on its
/// own): each token acts in its own county only, the same ids in two counties are two things, the national
/// role reads any county by name and writes none, and each county has a chain of its own.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CountyIsolationTests(CountiesAppFixture app) : IAsyncLifetime
{
    private string Pmo(string county) => app.TokenFor($"PMO of {county}", county, "pmo");
    private string Auditor(string county) => app.TokenFor($"Auditor of {county}", county, "auditor");
    private string National => app.TokenFor("Ministry", county: null, "national");

    public Task InitializeAsync() => app.Reset();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_same_ids_in_two_counties_are_two_workstreams_and_neither_county_sees_the_other()
    {
        await GivenContractsWorkstream("pirkanmaa", contracts: 2);
        await GivenContractsWorkstream("satakunta", contracts: 1); // the same ids, in a database of its own: 201, not 409
        // Kanta-Häme, in Pirkanmaa's database, has data of its own under other ids.
        (await Post("/api/organisations", new { id = "109", name = "Hämeenlinna", kind = "municipality" }, Pmo("kanta-hame"))).Status.ShouldBe(201);
        (await Post("/api/working-groups", new { id = "valmistelu", name = "Valmistelu" }, Pmo("kanta-hame"))).Status.ShouldBe(201);

        (await Get("/api/workstreams/sopimukset/history", Auditor("pirkanmaa")).View<ValueList<RecordedEvent>>()).Count.ShouldBe(4);
        (await Get("/api/workstreams/sopimukset/history", Auditor("satakunta")).View<ValueList<RecordedEvent>>()).Count.ShouldBe(3);

        // Kanta-Häme shares Pirkanmaa's database and sees none of it, by any route.
        var kantaHame = Pmo("kanta-hame");
        (await Get("/api/workstreams/sopimukset", kantaHame)).Status.ShouldBe(404);
        (await Get("/api/workstreams/sopimukset/history", Auditor("kanta-hame"))).Status.ShouldBe(404);
        (await Get("/api/organisations/837", kantaHame)).Status.ShouldBe(404);
        (await Get("/api/working-groups/vate", kantaHame)).Status.ShouldBe(404);
        (await Get("/api/organisations", kantaHame).View<ValueList<OrganisationListing>>()).Select(o => o.Id).ShouldBe(["109"]);
        (await Get("/api/working-groups", kantaHame).View<ValueList<WorkingGroupListing>>()).Select(g => g.Id).ShouldBe(["valmistelu"]);
        // ... and Pirkanmaa sees none of Kanta-Häme's.
        (await Get("/api/organisations", Pmo("pirkanmaa")).View<ValueList<OrganisationListing>>()).Select(o => o.Id).ShouldBe(["837"]);
        (await Get("/api/organisations/109", Pmo("pirkanmaa"))).Status.ShouldBe(404);
        (await Get("/api/working-groups/valmistelu/status", Pmo("pirkanmaa"))).Status.ShouldBe(404);
        (await Get("/api/working-groups/vate/status", kantaHame)).Status.ShouldBe(404);
        (await Get("/api/organisations/837/status", kantaHame)).Status.ShouldBe(404);
        (await Get("/api/organisations/status", kantaHame).View<ValueList<MunicipalityBoardRow>>()).Select(o => o.Id).ShouldBe(["109"]);
        (await Get("/api/portfolio", kantaHame).View<PortfolioView>()).Groups.Select(g => g.Id).ShouldBe(["valmistelu"]);
        (await Get("/api/workstreams/sopimukset?knownAt=2030-01-01T00:00:00Z", kantaHame)).Status.ShouldBe(404);
        (await Get("/api/audit/events", Auditor("kanta-hame")).View<EventLogPage>()).Events.Count.ShouldBe(2);
        (await Get("/api/audit/events?format=csv", Auditor("kanta-hame"))).Text.Trim('\uFEFF', '\r', '\n').Split('\n').Length.ShouldBe(3, "the header row and Kanta-Häme's two events");
        // Every write to a workstream, aimed at Pirkanmaa's from Kanta-Häme: there is no such workstream there.
        foreach (var (route, body) in new (string, object)[]
                 {
                     ("contracts", Contract("KH-1")),
                     ("systems", new { organisationId = "837", systemArea = "home-care", occurredOn = "2022-01-10" }),
                     ("staff-data", new { organisationId = "837", employees = 10, complete = true, occurredOn = "2022-01-10" }),
                     ("decisions", new { body = "Valtuusto", reference = "KV 1", title = "Päätös", occurredOn = "2022-01-10" }),
                     ("assessments", new { dimension = "risk", rag = "red", rationale = "r", occurredOn = "2022-01-10" }),
                     ("retractions", new { kind = "contract", organisationId = "837", @ref = "C-pirkanmaa-1", reason = "r", occurredOn = "2022-01-10" }),
                     ("reschedule", new { dueDate = "2022-03-01", reason = "r", occurredOn = "2022-01-10" }),
                 })
            (await Post($"/api/workstreams/sopimukset/{route}", body, kantaHame)).Status.ShouldBe(404, route);
        (await Put("/api/workstreams/sopimukset/targets", new { occurredOn = "2022-01-01", targets = new[] { new { kind = "decision", expected = 1 } } }, kantaHame))
            .Status.ShouldBe(404);
        // An import from Kanta-Häme naming Pirkanmaa's workstream finds no such workstream in Kanta-Häme.
        var import = await Send(HttpMethod.Post, "/api/imports/contracts", null, kantaHame,
            System.Text.Encoding.UTF8.GetBytes("workstreamId,organisationId,contractRef,occurredOn\nsopimukset,837,KH-9,2022-01-20\n"));
        import.Status.ShouldBe(400, import.Text);
        import.ErrorsFor("rows[2].workstreamId").ShouldBe(["There is no workstream 'sopimukset'."]);
        (await Get("/api/workstreams/sopimukset/history", Auditor("pirkanmaa")).View<ValueList<RecordedEvent>>()).Count.ShouldBe(4, "nothing reached Pirkanmaa");

        // What each county's log and boards hold is its own.
        (await Get("/api/audit/events", Auditor("pirkanmaa")).View<EventLogPage>()).Events.Count.ShouldBe(7);
        var pirkanmaaLog = await Get("/api/audit/events", Auditor("pirkanmaa")).View<EventLogPage>();
        // An event's data is as stored, its shape the event's own: read as JSON.
        pirkanmaaLog.Events
            .Select(e => e.Data.Element.TryGetProperty("contractRef", out var reference) ? reference.GetString() : null)
            .Where(reference => reference is not null).ShouldBe(["C-pirkanmaa-1", "C-pirkanmaa-2"]);
        (await Get("/api/workstreams/sopimukset?asOf=2022-02-01", Pmo("satakunta")).View<WorkstreamView>()).Targets[0].Done.ShouldBe(1);
        (await Get("/api/workstreams/sopimukset?asOf=2022-02-01", Pmo("pirkanmaa")).View<WorkstreamView>()).Targets[0].Done.ShouldBe(2);
    }

    [Fact]
    public async Task Where_several_counties_are_served_a_token_must_name_one_that_is()
    {
        var noCounty = app.TokenFor("Nobody's PMO", county: null, "pmo");
        var refused = await Get("/api/organisations", noCounty);
        refused.Status.ShouldBe(403);
        refused.Json.GetProperty("detail").GetString()!.ShouldContain("'county' claim");
        (await Post("/api/organisations", new { id = "837", name = "Tampere", kind = "municipality" }, noCounty)).Status.ShouldBe(403);
        (await Get("/api/organisations", app.TokenFor("Lapland's PMO", "lappi", "pmo"))).Status.ShouldBe(403);
        (await Get("/api/counties", Pmo("satakunta")).View<ValueList<CountyListing>>()).Select(c => c.Id).ShouldBe(["satakunta"]);
    }

    [Fact]
    public async Task The_national_role_reads_the_county_it_names_rolls_all_up_and_writes_nothing()
    {
        await GivenContractsWorkstream("pirkanmaa", contracts: 2);

        var unnamed = await Get("/api/portfolio", National);
        unnamed.Status.ShouldBe(400);
        unnamed.ErrorsFor("county").Single().ShouldStartWith("is required for the national role");
        (await Get("/api/portfolio?county=lappi", National)).Status.ShouldBe(404);
        (await Get("/api/workstreams/sopimukset?county=pirkanmaa", National)).Status.ShouldBe(200);
        (await Get("/api/workstreams/sopimukset?county=kanta-hame", National)).Status.ShouldBe(404);
        (await Get("/api/audit/events?county=pirkanmaa", National).View<EventLogPage>()).Events.Count.ShouldBe(7);
        var write = await Post("/api/organisations?county=pirkanmaa", new { id = "020", name = "Akaa", kind = "municipality" }, National);
        write.Status.ShouldBe(403, write.Text);
        // A county token cannot borrow the national ?county=: naming another county is refused, reading or writing.
        var borrowed = await Get("/api/workstreams/sopimukset?county=pirkanmaa", Pmo("kanta-hame"));
        borrowed.Status.ShouldBe(403);
        borrowed.Text.ShouldContain("You act in kanta-hame");
        (await Post("/api/workstreams/sopimukset/contracts?county=pirkanmaa", Contract("KH-9"), Pmo("kanta-hame"))).Status.ShouldBe(403);
        // Its own county named is its own county.
        (await Get("/api/portfolio?county=kanta-hame", Pmo("kanta-hame"))).Status.ShouldBe(200);
        // Nor does a token holding both a county and the national role: its county claim decides.
        var both = app.TokenFor("PMO and ministry", "kanta-hame", "pmo", "national");
        (await Post("/api/workstreams/sopimukset/contracts?county=pirkanmaa", Contract("KH-10"), both)).Status.ShouldBe(403);
        // And a national token without a county writes nowhere, even with the pmo role beside it.
        var nationalPmo = app.TokenFor("Ministry PMO", county: null, "pmo", "national");
        (await Post("/api/workstreams/sopimukset/contracts?county=pirkanmaa", Contract("N-1"), nationalPmo)).Status.ShouldBe(403);
        (await Get("/api/audit/verify?county=pirkanmaa", National)).Status.ShouldBe(200);
        (await Get("/api/workstreams/sopimukset/history", Auditor("pirkanmaa")).View<ValueList<RecordedEvent>>()).Count.ShouldBe(4, "nothing was written");

        (await Get("/api/counties", National).View<ValueList<CountyListing>>()).Select(c => c.Id).ShouldBe(CountiesAppFixture.Counties);
        var national = await Get("/api/national/status?asOf=2022-01-15", National).View<NationalStatus>();
        var rows = national.Counties;
        rows.Select(row => row.Id).ShouldBe(CountiesAppFixture.Counties);
        var pirkanmaa = rows.Single(row => row.Id == "pirkanmaa");
        pirkanmaa.Counts.None.ShouldBe(0, "Pirkanmaa's one workstream has a colour");
        rows.Single(row => row.Id == "satakunta").Rag.ShouldBe("none");
        national.Rag.ShouldBe(pirkanmaa.Rag);
        (await Get("/api/national/status", Pmo("pirkanmaa"))).Status.ShouldBe(403);
    }

    [Fact]
    public async Task Each_county_has_its_own_chain_and_tampering_in_one_is_reported_there_only()
    {
        foreach (var county in CountiesAppFixture.Counties)
            await GivenContractsWorkstream(county, contracts: 1);
        foreach (var county in CountiesAppFixture.Counties)
            await ChainCaughtUp(county);

        foreach (var county in CountiesAppFixture.Counties)
        {
            var report = await Get("/api/audit/verify", Auditor(county)).View<VerificationReport>();
            report.Intact.ShouldBeTrue(county);
            report.Events.ShouldBe(6, county); // the organisation, two groups, the workstream, its targets, one contract
        }

        // Someone edits a Pirkanmaa contract in the database it shares with Kanta-Häme.
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(
                         Environment.GetEnvironmentVariable(TransferAppFixture.ConnectionStringVariable)) { Database = CountiesAppFixture.MainDatabase }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var tamper = new NpgsqlCommand(
                "update transfer.mt_events set data = jsonb_set(data, '{contractRef}', '\"C-forged\"') where tenant_id = 'pirkanmaa' and data ? 'contractRef'", connection);
            (await tamper.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        (await Get("/api/audit/verify", Auditor("pirkanmaa")).View<VerificationReport>()).Intact.ShouldBeFalse();
        (await Get("/api/audit/verify", Auditor("kanta-hame")).View<VerificationReport>()).Intact.ShouldBeTrue();
        (await Get("/api/audit/verify", Auditor("satakunta")).View<VerificationReport>()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task Each_county_has_its_own_tree_numbered_from_zero_and_checkpoints_naming_it_which_the_national_role_reads()
    {
        await GivenContractsWorkstream("pirkanmaa", contracts: 2);
        await GivenContractsWorkstream("kanta-hame", contracts: 1);
        await GivenContractsWorkstream("satakunta", contracts: 0);
        var sizes = new Dictionary<string, long> { ["pirkanmaa"] = 7, ["kanta-hame"] = 6, ["satakunta"] = 5 };
        foreach (var (county, size) in sizes)
        {
            // Made now by the PMO; the counties sharing a database have interleaved sequences, yet each tree counts from 0 with no gap.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            Response checkpoint;
            // 409 while the county's tree is still empty: its events are added within a second.
            while ((checkpoint = await Send(HttpMethod.Post, "/api/audit/checkpoint", new { }, Pmo(county))).Status == 409
                   || checkpoint.Read<CheckpointView>().Size < size)
            {
                DateTime.UtcNow.ShouldBeLessThan(deadline, $"{county}'s tree did not catch up");
                await Task.Delay(200);
            }
            var made = checkpoint.Read<CheckpointView>();
            made.Size.ShouldBe(size, county);
            made.Note.ShouldStartWith($"transfer/{county}\n{size}\n", customMessage: county);
            var read = await Get($"/api/audit/checkpoint?county={county}", National).View<CheckpointView>();
            read.Root.ShouldBe(made.Root, county);
            (await Get($"/api/audit/proofs/inclusion?index={size - 1}&size={size}&county={county}", National)).Status.ShouldBe(200, county);
        }
        (await Get("/api/audit/proofs/inclusion?index=0&size=7", Auditor("kanta-hame"))).ErrorsFor("size")
            .ShouldBe(["must be at most the log's current size (6 events)"], "Pirkanmaa's longer tree is not Kanta-Häme's");
        (await Send(HttpMethod.Post, "/api/audit/checkpoint", new { }, National)).Status.ShouldBe(403, "the national role writes nothing");
    }

    [Fact]
    public async Task A_dashboard_is_told_of_its_own_countys_changes_only_where_counties_share_a_database()
    {
        await GivenContractsWorkstream("pirkanmaa", contracts: 1);
        await GivenContractsWorkstream("kanta-hame", contracts: 0);
        using var http = app.Host.Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", app.TokenFor("Chair of kanta-hame", "kanta-hame", "chair"));
        using var response = await http.GetAsync("/api/boards/changes", HttpCompletionOption.ResponseHeadersRead);
        var changes = Changes(new StreamReader(await response.Content.ReadAsStreamAsync()));
        var first = (await NextChange(changes, TimeSpan.FromSeconds(10))).ShouldNotBeNull("Kanta-Häme's newest event, at once");

        (await Post("/api/workstreams/sopimukset/contracts", Contract("C-pirkanmaa-2"), Pmo("pirkanmaa"))).Status.ShouldBe(201);
        (await NextChange(changes, TimeSpan.FromSeconds(3))).ShouldBeNull("Pirkanmaa's event is no change to Kanta-Häme's boards");

        (await Post("/api/workstreams/sopimukset/contracts", Contract("C-kanta-hame-1"), Pmo("kanta-hame"))).Status.ShouldBe(201);
        var next = (await NextChange(changes, TimeSpan.FromSeconds(10))).ShouldNotBeNull("Kanta-Häme's own event");
        next.Sequence.ShouldBeGreaterThan(first.Sequence);
    }

    /// <summary>The data of each 'changed' event of a stream, read in the background (a read cancelled midway would end the stream).</summary>
    private static System.Threading.Channels.ChannelReader<BoardChange> Changes(StreamReader stream)
    {
        var changes = System.Threading.Channels.Channel.CreateUnbounded<BoardChange>();
        _ = Task.Run(async () =>
        {
            var changed = false;
            try
            {
                while (await stream.ReadLineAsync() is { } line)
                {
                    if (line == "event: changed") changed = true;
                    else if (changed && line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        changes.Writer.TryWrite(System.Text.Json.JsonSerializer.Deserialize<BoardChange>(line["data: ".Length..], WireJson.Options)!);
                        changed = false;
                    }
                }
            }
            catch (IOException) { } // the test ended the stream
            changes.Writer.TryComplete();
        });
        return changes.Reader;
    }

    /// <summary>The next change, or null when none comes within <paramref name="patience"/>.</summary>
    private static async Task<BoardChange?> NextChange(System.Threading.Channels.ChannelReader<BoardChange> changes, TimeSpan patience)
    {
        using var limit = new CancellationTokenSource(patience);
        try
        {
            return await changes.ReadAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Organisation 837, groups vate and hallinto, workstream sopimukset with a target of two contracts, and <paramref name="contracts"/> of them.</summary>
    private async Task GivenContractsWorkstream(string county, int contracts)
    {
        var token = Pmo(county);
        (await Post("/api/organisations", new { id = "837", name = "Tampere", kind = "municipality" }, token)).Status.ShouldBe(201);
        (await Post("/api/working-groups", new { id = "vate", name = "VATE" }, token)).Status.ShouldBe(201);
        (await Post("/api/working-groups", new { id = "hallinto", name = "Hallinto", parentId = "vate" }, token)).Status.ShouldBe(201);
        (await Post("/api/workstreams", new { id = "sopimukset", name = "Sopimukset", workingGroupId = "hallinto", category = "administration",
            startDate = "2021-09-01", dueDate = "2022-01-31" }, token)).Status.ShouldBe(201);
        (await Put("/api/workstreams/sopimukset/targets", new { occurredOn = "2021-09-01", targets = new[] { new { organisationId = "837", kind = "contract", expected = 2 } } }, token))
            .Status.ShouldBe(200);
        for (var i = 1; i <= contracts; i++)
            (await Post("/api/workstreams/sopimukset/contracts", Contract($"C-{county}-{i}"), token)).Status.ShouldBe(201);
    }

    private static object Contract(string reference) => new { organisationId = "837", contractRef = reference, occurredOn = "2022-01-10" };

    private async Task ChainCaughtUp(string county)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await Get("/api/audit/verify", Auditor(county)).View<VerificationReport>()).UnchainedEvents > 0)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"{county}'s chain did not catch up");
            await Task.Delay(200);
        }
    }

    private Task<Response> Get(string url, string token) => Send(HttpMethod.Get, url, null, token);
    private Task<Response> Post(string url, object body, string token) => Send(HttpMethod.Post, url, body, token);
    private Task<Response> Put(string url, object body, string token) => Send(HttpMethod.Put, url, body, token);

    private async Task<Response> Send(HttpMethod method, string url, object? body, string token, byte[]? csv = null) =>
        new(await app.Host.Scenario(s =>
        {
            if (csv is not null)
            {
                s.Post.Url(url);
                s.ConfigureHttpContext(http => { http.Request.ContentType = "text/csv"; http.Request.ContentLength = csv.Length; http.Request.Body = new MemoryStream(csv); });
                s.WithBearerToken(token);
                s.IgnoreStatusCode();
                return;
            }
            var (path, query) = url.IndexOf('?') is var at and >= 0 ? (url[..at], url[at..]) : (url, "");
            if (method == HttpMethod.Get) s.Get.Url(url);
            else if (method == HttpMethod.Put) s.Put.Json(body!, JsonStyle.MinimalApi).ToUrl(path);
            else s.Post.Json(body!, JsonStyle.MinimalApi).ToUrl(path);
            // Alba's ToUrl takes a path; a write's query string is set on the request itself.
            if (method != HttpMethod.Get && query.Length > 0) s.ConfigureHttpContext(http => http.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString(query));
            s.WithBearerToken(token);
            s.IgnoreStatusCode();
        }));
}
