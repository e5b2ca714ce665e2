using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.ReferenceData;

public sealed class RegisteringReferenceDataTests(TransferAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task An_organisation_is_registered_and_can_be_read_back()
    {
        var created = await Post("/api/organisations", new { id = "pshp", name = "Pirkanmaan sairaanhoitopiiri", kind = "hospital-district" });

        created.Status.ShouldBe(201);
        created.Header("Location").ShouldBe("/api/organisations/pshp");
        created.Read<RegisteredOrganisation>().ShouldBe(new RegisteredOrganisation("pshp", "Pirkanmaan sairaanhoitopiiri", "hospital-district"));

        var read = await Get("/api/organisations/pshp", ChairToken).View<OrganisationListing>();
        read.ShouldBe(new OrganisationListing("pshp", "Pirkanmaan sairaanhoitopiiri", "hospital-district", read.RegisteredAt));
        (await Get("/api/organisations", ChairToken).View<ValueList<OrganisationListing>>()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Registering_the_same_organisation_twice_is_a_conflict_and_records_nothing_more()
    {
        await GivenOrganisations("837");

        var again = await Post("/api/organisations", new { id = "837", name = "Tampere again", kind = "municipality" });

        again.Status.ShouldBe(409);
        again.ContentType.ShouldStartWith("application/problem+json");
        (await EventCount("organisation:837")).ShouldBe(1);
        (await Get("/api/organisations/837").View<OrganisationListing>()).Name.ShouldBe("Organisation 837");
    }

    [Fact]
    public async Task An_organisation_needs_an_id_of_the_agreed_shape_a_name_and_a_known_kind()
    {
        var missing = await Post("/api/organisations", new { });
        missing.Status.ShouldBe(400);
        missing.ErrorsFor("id").ShouldBe(["is required"]);
        missing.ErrorsFor("name").ShouldBe(["is required"]);
        missing.ErrorsFor("kind").ShouldBe(["is required"]);

        var wrong = await Post("/api/organisations", new { id = "Tampere!", name = "Tampere", kind = "city" });
        wrong.Status.ShouldBe(400);
        wrong.ErrorsFor("id").Single().ShouldContain("lower-case letters");
        wrong.ErrorsFor("kind").ShouldBe(["must be one of municipality, hospital-district, rescue-department, other"]);

        // A line break or NUL after a good id, or digits of another script, are not the id (.NET's '$' would let "org1\n" by).
        foreach (var id in new[] { "org1\n", "org1\r\n", "org1\0", "٨٣٧" })
        {
            var almost = await Post("/api/organisations", new { id, name = "Almost", kind = "other" }, null, ("Idempotency-Key", $"almost-{id.Length}-{(int)id[^1]}"));
            almost.Status.ShouldBe(400, almost.Text);
            almost.ErrorsFor("id").Single().ShouldContain("lower-case letters");
        }

        (await Get("/api/organisations")).Json.GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task The_same_id_may_name_an_organisation_a_working_group_and_a_workstream()
    {
        await GivenOrganisations("837");
        await GivenWorkingGroup("837");
        await GivenWorkstream("837", workingGroupId: "837");

        (await Get("/api/organisations/837")).Status.ShouldBe(200);
        (await Get("/api/working-groups/837")).Status.ShouldBe(200);
        (await Get("/api/workstreams/837")).Status.ShouldBe(200);
    }

    [Fact]
    public async Task Working_groups_form_a_tree_whose_parents_must_exist_first()
    {
        await GivenWorkingGroup("vate");

        var section = await Post("/api/working-groups", new { id = "hallinto", name = "Hallinnon ja järjestämisen jaosto", parentId = "vate" });
        section.Status.ShouldBe(201);
        section.Read<RegisteredWorkingGroup>().ShouldBe(new RegisteredWorkingGroup("hallinto", "Hallinnon ja järjestämisen jaosto", ParentId: "vate"));

        var orphan = await Post("/api/working-groups", new { id = "esh", name = "Erikoissairaanhoito", parentId = "sote" });
        orphan.Status.ShouldBe(400);
        orphan.ErrorsFor("parentId").ShouldBe(["There is no working group 'sote'."]);
        (await Get("/api/working-groups/esh")).Status.ShouldBe(404);

        (await Post("/api/working-groups", new { id = "vate", name = "Again" })).Status.ShouldBe(409);
        var shapeless = await Post("/api/working-groups", new { parentId = "Bad Id" });
        shapeless.Status.ShouldBe(400);
        shapeless.ErrorsFor("id").ShouldBe(["is required"]);
        shapeless.ErrorsFor("name").ShouldBe(["is required"]);
        shapeless.ErrorsFor("parentId").Single().ShouldContain("lower-case");
    }

    [Fact]
    public async Task A_workstream_is_registered_under_an_existing_working_group()
    {
        await GivenWorkingGroup("hallinto");

        var created = await Post("/api/workstreams", new
        {
            id = "sopimukset", name = "Sopimusten siirto", workingGroupId = "hallinto", category = "administration",
            startDate = "2021-09-01", dueDate = "2022-01-31",
        });

        created.Status.ShouldBe(201);
        created.Header("Location").ShouldBe("/api/workstreams/sopimukset");
        created.Header("ETag").ShouldBe("\"1\"");
        var registered = created.Read<RegisteredWorkstream>();
        registered.ShouldBe(new RegisteredWorkstream("sopimukset", "Sopimusten siirto", "hallinto", "administration", "2021-09-01", "2022-01-31", Version: 1));
        var answer = await Get("/api/workstreams/sopimukset", AuditorToken);
        answer.Status.ShouldBe(200);
        answer.Header("ETag").ShouldBe("\"1\"");
        var read = answer.Read<WorkstreamView>();
        (read.Id, read.Name, read.WorkingGroupId, read.Category, read.StartDate)
            .ShouldBe((registered.Id, registered.Name, registered.WorkingGroupId, registered.Category, registered.StartDate));
        read.DueDate.ShouldBe("2022-01-31");
        read.Version.ShouldBe(1);
    }

    [Fact]
    public async Task A_workstream_refuses_an_unknown_group_a_due_date_before_its_start_and_unreadable_fields()
    {
        await GivenWorkingGroup("hallinto");

        var unknownGroup = await Post("/api/workstreams", new
        { id = "a", name = "A", workingGroupId = "icmt", category = "ict", startDate = "2021-09-01", dueDate = "2022-01-31" });
        unknownGroup.Status.ShouldBe(400);
        unknownGroup.ErrorsFor("workingGroupId").ShouldBe(["There is no working group 'icmt'."]);

        var backwards = await Post("/api/workstreams", new
        { id = "a", name = "A", workingGroupId = "hallinto", category = "ict", startDate = "2022-02-01", dueDate = "2022-01-31" });
        backwards.Status.ShouldBe(400);
        backwards.ErrorsFor("dueDate").ShouldBe(["must be on or after startDate"]);

        var unreadable = await Post("/api/workstreams", new
        { id = "a", name = "A", workingGroupId = "hallinto", category = "it", startDate = "1.9.2021" });
        unreadable.Status.ShouldBe(400);
        unreadable.ErrorsFor("category").Single().ShouldStartWith("must be one of finance, administration, hr, ict, services, other");
        unreadable.ErrorsFor("startDate").ShouldBe(["must be a date written YYYY-MM-DD"]);
        unreadable.ErrorsFor("dueDate").ShouldBe(["is required"]);

        var sameDay = await Post("/api/workstreams", new
        { id = "a", name = "A", workingGroupId = "hallinto", category = "ict", startDate = "2022-01-31", dueDate = "2022-01-31" });
        sameDay.Status.ShouldBe(201);
        (await Post("/api/workstreams", new
        { id = "a", name = "A", workingGroupId = "hallinto", category = "ict", startDate = "2022-01-31", dueDate = "2022-01-31" })).Status.ShouldBe(409);
        (await EventCount("a")).ShouldBe(1);
    }

    [Fact]
    public async Task Unknown_things_in_the_route_are_not_found()
    {
        var workstream = await Get("/api/workstreams/nothing-here");
        workstream.Status.ShouldBe(404);
        workstream.ContentType.ShouldStartWith("application/problem+json");
        workstream.Json.GetProperty("status").GetInt32().ShouldBe(404);
        (await Get("/api/organisations/999")).Status.ShouldBe(404);
        (await Get("/api/working-groups/none")).Status.ShouldBe(404);
    }
}
