using MiniExcelLibs;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Boards;

/// <summary>Every status view as a workbook, read back by an independent reader: the municipality board against its JSON, the others against what was posted.</summary>
public sealed class BoardWorkbookTests(TransferAppFixture app) : ApiTest(app)
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [Fact]
    public async Task Each_status_view_comes_as_a_workbook_with_its_numbers_colours_and_dates()
    {
        await GivenContractsWorkstream();
        (await Put("/api/workstreams/sopimukset/targets", new { occurredOn = "2021-09-01", targets = new[] { new { organisationId = "837", kind = "contract", expected = 2 } } }))
            .Status.ShouldBe(200);
        (await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = "C-1", occurredOn = "2022-01-10" })).Status.ShouldBe(201);
        (await Post("/api/workstreams/sopimukset/assessments", new { dimension = "risk", rag = "amber", rationale = "Late supplier", occurredOn = "2022-01-11" }))
            .Status.ShouldBe(201);
        const string asOf = "asOf=2022-01-20";

        var organisations = await Sheet($"/api/organisations/status?{asOf}&format=xlsx", "Organisations");
        var json = await Get($"/api/organisations/status?{asOf}", ChairToken).View<ValueList<MunicipalityBoardRow>>();
        organisations.Select(row => ((string)row["id"]!, (string)row["rag"]!)).ShouldBe(json.Select(o => (o.Id, o.Rag)));

        var targets = await Sheet($"/api/organisations/837/status?{asOf}&format=xlsx", "Targets");
        targets.ShouldHaveSingleItem()["done"].ShouldBe(1d);
        targets.Single()["expected"].ShouldBe(2d);
        targets.Single()["kind"].ShouldBe("contract");

        var workstreams = await Sheet($"/api/working-groups/hallinto/status?{asOf}&format=xlsx", "Workstreams");
        workstreams.ShouldHaveSingleItem()["risk"].ShouldBe("amber");
        workstreams.Single()["dueDate"].ShouldBe(new DateTime(2022, 1, 31));

        (await Sheet($"/api/portfolio?{asOf}&format=xlsx", "Groups")).ShouldHaveSingleItem()["id"].ShouldBe("hallinto");

        var assessments = await Sheet($"/api/workstreams/sopimukset?{asOf}&format=xlsx", "Assessments");
        assessments.ShouldHaveSingleItem()["rationale"].ShouldBe("Late supplier");
        assessments.Single()["occurredOn"].ShouldBe(new DateTime(2022, 1, 11));

        (await Get("/api/portfolio?format=pdf", ChairToken)).ErrorsFor("format").ShouldBe(["must be json or xlsx"]);
    }

    [Fact]
    public async Task Accept_asks_for_a_workbook_as_format_does()
    {
        await GivenContractsWorkstream();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/organisations/status");
        request.Headers.Authorization = new("Bearer", ChairToken);
        request.Headers.Accept.ParseAdd(Xlsx);
        var answer = await Host.Server.CreateClient().SendAsync(request);
        answer.Content.Headers.ContentType!.MediaType.ShouldBe(Xlsx);
    }

    private async Task<List<IDictionary<string, object?>>> Sheet(string url, string sheet)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new("Bearer", ChairToken);
        var answer = await Host.Server.CreateClient().SendAsync(request);
        answer.IsSuccessStatusCode.ShouldBeTrue(url);
        answer.Content.Headers.ContentType!.MediaType.ShouldBe(Xlsx);
        var workbook = new MemoryStream(await answer.Content.ReadAsByteArrayAsync());
        return MiniExcel.Query(workbook, useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object?>>().ToList();
    }
}
