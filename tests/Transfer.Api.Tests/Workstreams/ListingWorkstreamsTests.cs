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

        static string[] Ids(WorkstreamPage page) => page.Workstreams.Select(w => w.Id).ToArray();
        Ids(await Get("/api/workstreams", ChairToken).View<WorkstreamPage>()).ShouldBe(["asiakasmaksut", "potilastiedot", "sopimukset"]);
        Ids(await Get("/api/workstreams?workingGroupId=hallinto").View<WorkstreamPage>()).ShouldBe(["asiakasmaksut", "sopimukset"]);
        Ids(await Get("/api/workstreams?category=ict").View<WorkstreamPage>()).ShouldBe(["potilastiedot"]);

        var first = await Get("/api/workstreams?limit=2").View<WorkstreamPage>();
        Ids(first).ShouldBe(["asiakasmaksut", "potilastiedot"]);
        var next = first.Next;
        next.ShouldBe("potilastiedot");
        var second = await Get($"/api/workstreams?limit=2&after={next}").View<WorkstreamPage>();
        Ids(second).ShouldBe(["sopimukset"]);
        second.Next.ShouldBeNull();

        var refused = await Get("/api/workstreams?category=colours&limit=0");
        refused.Status.ShouldBe(400);
        refused.ErrorsFor("category").ShouldNotBeEmpty();
        refused.ErrorsFor("limit").ShouldNotBeEmpty();
    }
}
