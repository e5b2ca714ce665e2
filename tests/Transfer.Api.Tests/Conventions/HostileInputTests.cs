using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Conventions;

/// <summary>What a client sends, however hostile, is answered with a 4xx problem it can act on, never a 5xx, and records nothing.</summary>
public sealed class HostileInputTests(TransferAppFixture app) : ApiTest(app)
{
    /// <summary>Every write route with a valid body, after <see cref="ApiTest.GivenContractsWorkstream"/>.</summary>
    private static readonly (string Method, string Url, Dictionary<string, object?> Body)[] Writes =
    [
        ("POST", "/api/organisations", new() { ["id"] = "020", ["name"] = "Akaa", ["kind"] = "municipality" }),
        ("POST", "/api/working-groups", new() { ["id"] = "talous", ["name"] = "Talous", ["parentId"] = "vate" }),
        ("POST", "/api/workstreams", new() { ["id"] = "uusi", ["name"] = "Uusi", ["workingGroupId"] = "hallinto", ["category"] = "finance", ["startDate"] = "2021-09-01", ["dueDate"] = "2022-01-31" }),
        ("POST", "/api/workstreams/sopimukset/contracts", new() { ["organisationId"] = "837", ["contractRef"] = "C-1", ["counterparty"] = "Oy Ab", ["occurredOn"] = "2022-01-10" }),
        ("POST", "/api/workstreams/sopimukset/systems", new() { ["organisationId"] = "837", ["systemArea"] = "Talous", ["fromSystem"] = "A", ["toSystem"] = "B", ["occurredOn"] = "2022-01-10" }),
        ("POST", "/api/workstreams/sopimukset/decisions", new() { ["organisationId"] = "837", ["body"] = "Valtuusto", ["reference"] = "§ 1", ["title"] = "Päätös", ["occurredOn"] = "2022-01-10" }),
        ("POST", "/api/workstreams/sopimukset/staff-data", new() { ["organisationId"] = "837", ["employees"] = 10, ["complete"] = true, ["occurredOn"] = "2022-01-10" }),
        ("POST", "/api/workstreams/sopimukset/assessments", new() { ["dimension"] = "schedule", ["rag"] = "green", ["rationale"] = "On time", ["occurredOn"] = "2022-01-10" }),
        ("POST", "/api/workstreams/sopimukset/reschedule", new() { ["dueDate"] = "2022-02-28", ["reason"] = "Late", ["occurredOn"] = "2022-01-10" }),
        ("POST", "/api/workstreams/sopimukset/retractions", new() { ["kind"] = "contract", ["organisationId"] = "837", ["ref"] = "C-0", ["reason"] = "Mistake", ["occurredOn"] = "2022-01-10" }),
        ("PUT", "/api/workstreams/sopimukset/targets", new() { ["occurredOn"] = "2022-01-10", ["targets"] = new[] { new { organisationId = "837", kind = "contract", expected = 3 } } }),
    ];

    /// <summary>Written into the JSON as escapes, as a client would send them: half a surrogate pair survives only that way.</summary>
    private static readonly string[] HostileEscapes = [@"nul\u0000byte", @"bell\u0007", @"\ud800 half a pair", @"delete\u007f"];

    [Fact]
    public async Task Control_characters_and_broken_unicode_in_any_text_field_are_refused_naming_the_field()
    {
        await GivenContractsWorkstream();
        foreach (var (method, url, body) in Writes)
            foreach (var (field, value) in body.Where(field => field.Value is string))
                foreach (var hostile in HostileEscapes)
                {
                    var json = JsonSerializer.Serialize(new Dictionary<string, object?>(body) { [field] = "HOSTILE" }).Replace("HOSTILE", (string)value! + hostile);
                    var answer = await Write(method, url, json);
                    answer.Status.ShouldBe(400, $"{method} {url} with {field} = {hostile}: {answer}");
                    answer.ContentType.ShouldStartWith("application/problem+json");
                    answer.ErrorsFor(field).ShouldNotBeEmpty($"{method} {url} names {field}: {answer}");
                }
        // Text nested in a list: a target's organisation and kind.
        foreach (var (field, hostile) in new[] { ("organisationId", @"837\u0000"), ("kind", @"contract\u0007") })
        {
            var target = new Dictionary<string, object?> { ["organisationId"] = "837", ["kind"] = "contract", ["expected"] = 3, [field] = "HOSTILE" };
            var json = JsonSerializer.Serialize(new { occurredOn = "2022-01-10", targets = new[] { target } }).Replace("HOSTILE", hostile);
            var answer = await Write("PUT", "/api/workstreams/sopimukset/targets", json);
            answer.Status.ShouldBe(400, answer.ToString());
            answer.ErrorsFor($"targets[0].{field}").ShouldNotBeEmpty(answer.ToString());
        }
        (await EventCount("sopimukset")).ShouldBe(1);
    }

    [Fact]
    public async Task Text_with_tabs_and_line_breaks_is_recorded()
    {
        await GivenContractsWorkstream();
        var answer = await Post("/api/workstreams/sopimukset/assessments",
            new { dimension = "schedule", rag = "amber", rationale = "Two things:\n\t1. late\r\n\t2. later", occurredOn = "2022-01-10" });
        answer.Status.ShouldBe(201, answer.ToString());
    }

    [Fact]
    public async Task A_body_of_json_null_is_a_bad_request_on_every_write_route()
    {
        await GivenContractsWorkstream();
        foreach (var (method, url, _) in Writes)
        {
            var answer = await Write(method, url, "null");
            answer.Status.ShouldBe(400, $"{method} {url}: {answer}");
            answer.ErrorsFor("body").ShouldNotBeEmpty(answer.ToString());
        }
        (await EventCount("sopimukset")).ShouldBe(1);
    }

    [Fact]
    public async Task Hostile_values_anywhere_get_a_problem_and_never_a_server_error()
    {
        await GivenContractsWorkstream();
        var deep = string.Concat(Enumerable.Repeat("[", 5000)) + string.Concat(Enumerable.Repeat("]", 5000));
        object?[] values = ["", " ", "2022-02-30", "9999-12-31", "0001-01-01", "2022-01-10T09:00:00", "\0", new string('x', 5000),
            "ä€😀", -1, 0, long.MaxValue, 1e308, true, new object[] { }, new { }, null];

        foreach (var (method, url, body) in Writes)
        {
            foreach (var (field, _) in body)
                foreach (var value in values)
                    ExpectProblemOrSuccess(await Write(method, url, new Dictionary<string, object?>(body) { [field] = value }), $"{method} {url} {field}={JsonSerializer.Serialize(value)}");
            foreach (var raw in new[] { deep, "{", "[]", "42", "\"text\"", "{\"id\": \"\\u0000\"}" })
                ExpectProblem(await Write(method, url, raw), $"{method} {url} with body {raw[..Math.Min(raw.Length, 20)]}");
            foreach (var (header, value) in new[] { ("Idempotency-Key", "ä-key"), ("Idempotency-Key", new string('k', 201)), ("If-Match", "W/\"1\""), ("If-Match", "\"999999999999999999999\"") })
                ExpectProblemOrSuccess(await Write(method, url, body, (header, value)), $"{method} {url} with {header}: {value}");
        }

        foreach (var query in new[] { "asOf=2022-02-30", "asOf=9999-12-31", "knownAt=2022-01-10T09:00:00", "knownAt=%00", "asOf=%F0%9F%98%80", "knownAt=9999-12-31T23:59:59Z" })
            foreach (var route in new[] { "/api/portfolio", "/api/organisations/status", "/api/working-groups/vate/status", "/api/workstreams/sopimukset", "/api/organisations/837/status" })
                ExpectProblemOrSuccess(await Get($"{route}?{query}"), $"{route}?{query}");
        foreach (var query in new[] { "limit=99999999999999999999", "limit=0", "after=-1", "from=2022-01-10", "type=%00", "workstreamId=%00", "format=xml", "limit=5&format=csv" })
            ExpectProblemOrSuccess(await Get($"/api/audit/events?{query}"), query);
        foreach (var id in new[] { "%C3%A4", new string('a', 300), "..%2F..%2Fetc", "%E2%80%AE" })
            ExpectProblemOrSuccess(await Get($"/api/workstreams/{id}"), id);
        ExpectProblemOrSuccess(await Get("/api/audit/verify?expectedHead=%00"), "expectedHead");
    }

    [Fact]
    public async Task Problems_are_in_plain_words_and_point_nowhere_outside()
    {
        await GivenContractsWorkstream();
        var invalid = await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", occurredOn = "2022-01-10" });
        var malformed = await Post("/api/workstreams/sopimukset/contracts", "{\"organisationId\": ");
        var duplicate = await Post("/api/organisations", new { id = "837", name = "Tampere", kind = "municipality" });

        foreach (var problem in new[] { invalid, malformed, duplicate })
        {
            problem.ContentType.ShouldStartWith("application/problem+json");
            problem.Json.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
            problem.Text.ShouldNotContain("http", Case.Insensitive, problem.ToString());
            problem.Text.ShouldNotContain("System.", Case.Sensitive, problem.ToString());
            problem.Text.ShouldNotContain("Transfer.", Case.Sensitive, problem.ToString());
        }
        invalid.ErrorsFor("contractRef").ShouldNotBeEmpty();
        malformed.Status.ShouldBe(400);
        malformed.Json.TryGetProperty("errors", out _).ShouldBeTrue(malformed.ToString());
        duplicate.Status.ShouldBe(409);
    }

    [Fact]
    public async Task Setting_many_targets_leaves_later_writes_as_small_as_before()
    {
        await GivenContractsWorkstream();
        var tooMany = Enumerable.Range(0, 501).Select(i => new { organisationId = "837", kind = "contract", expected = i + 1 }).ToArray();
        var refused = await Put("/api/workstreams/sopimukset/targets", new { occurredOn = "2022-01-10", targets = tooMany });
        refused.Status.ShouldBe(400);
        refused.ErrorsFor("targets").ShouldBe(["may hold at most 500 targets in one request"]);

        var before = await LargestViewOf("sopimukset");
        await GivenOrganisations([.. Enumerable.Range(0, 100).Select(i => $"o{i}")]);
        for (var day = 1; day <= 5; day++)
            (await Put("/api/workstreams/sopimukset/targets", new
            {
                occurredOn = $"2022-01-0{day}",
                targets = Enumerable.Range(0, 100).SelectMany(i => new[] { "contract", "system", "decision", "staffData" }
                    .Select(kind => new { organisationId = $"o{i}", kind, expected = day })).ToArray(),
            })).Status.ShouldBe(200);
        (await Post("/api/workstreams/sopimukset/assessments", new { dimension = "risk", rag = "green", rationale = "ok", occurredOn = "2022-01-10" })).Status.ShouldBe(201);

        // 2,000 targets set five times: no document the workstream's writes rewrite holds them together.
        (await LargestViewOf("sopimukset")).ShouldBeLessThan(Math.Max(before, 4096));
    }

    /// <summary>The largest document, in bytes of JSON, that a write to the workstream may rewrite: its registers, the open blocks of its tallies, its write model.</summary>
    private async Task<int> LargestViewOf(string workstreamId)
    {
        await using var command = Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().CreateCommand("""
            select coalesce(max(length(data::text)), 0) from (
                select data from transfer.mt_doc_tallyregister where workstream_id = @id
                union all select data from transfer.mt_doc_tallyblock where workstream_id = @id and is_open
                union all select data from transfer.mt_doc_workstream where id = @id) views
            """);
        command.Parameters.AddWithValue("id", workstreamId);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_non_ascii_idempotency_key_is_refused_naming_the_header()
    {
        await GivenContractsWorkstream();
        var answer = await Post("/api/workstreams/sopimukset/contracts",
            new { organisationId = "837", contractRef = "C-1", occurredOn = "2022-01-10" }, null, ("Idempotency-Key", "avain-ä"));
        answer.Status.ShouldBe(400, answer.ToString());
        answer.ErrorsFor("Idempotency-Key").ShouldNotBeEmpty();
        (await EventCount("sopimukset")).ShouldBe(1);
    }

    [Fact]
    public async Task A_token_that_names_no_one_is_refused_at_the_door_in_words()
    {
        await GivenContractsWorkstream();
        foreach (var claims in new[]
                 {
                     new[] { new Claim("role", "pmo") },
                     [new Claim("Name", "Capitalised"), new Claim("role", "pmo")],
                     [new Claim("name", "nul\0name"), new Claim("role", "pmo")],
                     [new Claim("name", " "), new Claim("sub", ""), new Claim("role", "pmo")],
                 })
        {
            var token = Sign(claims);
            foreach (var answer in new[]
                     {
                         await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = "C-1", occurredOn = "2022-01-10" }, token),
                         await Get("/api/workstreams/sopimukset", token),
                     })
            {
                answer.Status.ShouldBe(401, answer.ToString());
                answer.ContentType.ShouldStartWith("application/problem+json");
                answer.Json.GetProperty("detail").GetString()!.ShouldContain("names no one");
            }
        }
        (await Get("/api/workstreams/sopimukset", Sign([new Claim("sub", "only-a-subject"), new Claim("role", "chair")]))).Status.ShouldBe(200);
        (await EventCount("sopimukset")).ShouldBe(1);
    }

    [Fact]
    public async Task A_refused_role_is_told_which_roles_the_route_needs()
    {
        await GivenContractsWorkstream();
        var answer = await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = "C-1", occurredOn = "2022-01-10" }, ChairToken);
        answer.Status.ShouldBe(403);
        answer.Json.GetProperty("detail").GetString()!.ShouldContain("pmo");
        var history = await Get("/api/workstreams/sopimukset/history", ChairToken);
        history.Status.ShouldBe(403);
        history.Json.GetProperty("detail").GetString()!.ShouldContain("auditor");
    }

    private Task<Response> Write(string method, string url, object body, params (string Name, string Value)[] headers) =>
        Send(method == "PUT" ? HttpMethod.Put : HttpMethod.Post, url, body, null, headers);

    private static void ExpectProblem(Response answer, string what)
    {
        answer.Status.ShouldBeInRange(400, 499, $"{what}: {answer}");
        ExpectProblemBody(answer, what);
    }

    private static void ExpectProblemOrSuccess(Response answer, string what)
    {
        answer.Status.ShouldBeLessThan(500, $"{what}: {answer}");
        if (answer.Status >= 400) ExpectProblemBody(answer, what);
    }

    private static void ExpectProblemBody(Response answer, string what)
    {
        answer.ContentType.ShouldStartWith("application/problem+json", customMessage: what);
        answer.Json.GetProperty("status").GetInt32().ShouldBe(answer.Status, what);
    }

    private string Sign(IEnumerable<Claim> claims) => HandMadeTokens.Sign(claims, App.SigningKey, DateTime.UtcNow.AddHours(1));
}
