using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Workstreams;

/// <summary>The PMO finds a workstream by its group or category, a page at a time.</summary>
public sealed class ListingWorkstreamsTests(TransferAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Workstreams_are_listed_by_group_and_category_in_pages()
    {
        await GivenWorkingGroup("vate");
        await GivenWorkingGroup("hallinto", "vate");
        await GivenWorkingGroup("tosi", "vate");
        await GivenWorkstream("sopimukset");
        await GivenWorkstream("asiakasmaksut");
        (await Post("/api/workstreams", new { id = "potilastiedot", name = "Potilastiedot", workingGroupId = "tosi", category = "ict",
            startDate = "2021-09-01", dueDate = "2022-12-31" })).Status.ShouldBe(201);

        static string[] Ids(Response page) => page.Json.GetProperty("workstreams").EnumerateArray().Select(w => w.GetProperty("id").GetString()!).ToArray();
        Ids(await Get("/api/workstreams", ChairToken)).ShouldBe(["asiakasmaksut", "potilastiedot", "sopimukset"]);
        Ids(await Get("/api/workstreams?workingGroupId=hallinto")).ShouldBe(["asiakasmaksut", "sopimukset"]);
        Ids(await Get("/api/workstreams?category=ict")).ShouldBe(["potilastiedot"]);

        var first = await Get("/api/workstreams?limit=2");
        Ids(first).ShouldBe(["asiakasmaksut", "potilastiedot"]);
        var next = first.Json.GetProperty("next").GetString();
        next.ShouldBe("potilastiedot");
        var second = await Get($"/api/workstreams?limit=2&after={next}");
        Ids(second).ShouldBe(["sopimukset"]);
        second.Json.GetProperty("next").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);

        var refused = await Get("/api/workstreams?category=colours&limit=0");
        refused.Status.ShouldBe(400);
        refused.ErrorsFor("category").ShouldNotBeEmpty();
        refused.ErrorsFor("limit").ShouldNotBeEmpty();
    }
}
