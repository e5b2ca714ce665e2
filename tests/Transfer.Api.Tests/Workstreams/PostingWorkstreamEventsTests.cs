using Marten;
using Transfer.Api.Tests.Support;
using Transfer.Domain.Common;
using Transfer.Domain.Workstreams;
using Transfer.Domain.Workstreams.AssessingStatus;
using Transfer.Domain.Workstreams.MakingDecisions;
using Transfer.Domain.Workstreams.ReceivingStaffData;
using Transfer.Domain.Workstreams.Rescheduling;
using Transfer.Domain.Workstreams.Retracting;
using Transfer.Domain.Workstreams.SettingTargets;
using Transfer.Domain.Workstreams.TransferringContracts;
using Transfer.Domain.Workstreams.UnifyingSystems;

namespace Transfer.Api.Tests.Workstreams;

public sealed class PostingWorkstreamEventsTests(TransferAppFixture app) : ApiTest(app)
{
    private const string Url = "/api/workstreams/sopimukset";

    private async Task<object> LastEvent()
    {
        await using var session = App.Store.QuerySession();
        return (await session.Events.FetchStreamAsync("sopimukset")).Last().Data;
    }

    [Fact]
    public async Task A_transferred_contract_is_recorded_with_its_business_date_and_answers_the_new_version()
    {
        await GivenContractsWorkstream();

        var posted = await Post($"{Url}/contracts", new { organisationId = "837", contractRef = "TRE-2021-118", counterparty = "Mehiläinen Oy", occurredOn = "2022-01-28" });

        posted.Status.ShouldBe(201);
        posted.Read<WorkstreamVersion>().ShouldBe(new WorkstreamVersion("sopimukset", 2));
        posted.Header("ETag").ShouldBe("\"2\"");
        (await LastEvent()).ShouldBe(new ContractTransferred("sopimukset", "837", "TRE-2021-118", "Mehiläinen Oy", new DateOnly(2022, 1, 28)));
        (await Get(Url)).Header("ETag").ShouldBe("\"2\"");
    }

    [Fact]
    public async Task A_contract_already_counted_is_a_conflict_until_it_is_retracted()
    {
        await GivenContractsWorkstream();
        var contract = new { organisationId = "837", contractRef = "TRE-1", occurredOn = "2022-01-28" };
        (await Post($"{Url}/contracts", contract)).Status.ShouldBe(201);

        var twice = await Post($"{Url}/contracts", contract);
        twice.Status.ShouldBe(409);
        twice.Json.GetProperty("detail").GetString()!.ShouldContain("already counted");

        // The same reference is a different item for another organisation.
        (await Post($"{Url}/contracts", contract with { organisationId = "pshp" })).Status.ShouldBe(201);

        var retracted = await Post($"{Url}/retractions", new { kind = "contract", organisationId = "837", @ref = "TRE-1", reason = "Posted to the wrong workstream", occurredOn = "2022-01-29" });
        retracted.Status.ShouldBe(201);
        (await LastEvent()).ShouldBe(new ItemRetracted("sopimukset", ItemKind.Contract, "837", "TRE-1", "Posted to the wrong workstream", new DateOnly(2022, 1, 29)));

        (await Post($"{Url}/contracts", contract with { occurredOn = "2022-02-03" })).Status.ShouldBe(201);
        (await EventCount("sopimukset")).ShouldBe(5);
    }

    [Fact]
    public async Task Retracting_what_is_not_counted_is_a_conflict()
    {
        await GivenContractsWorkstream();

        var nothing = await Post($"{Url}/retractions", new { kind = "system", organisationId = "837", @ref = "home-care", reason = "x", occurredOn = "2022-01-29" });
        nothing.Status.ShouldBe(409);

        (await Post($"{Url}/decisions", new { body = "aluevaltuusto", reference = "AV 1/2022", title = "Hallintosääntö", occurredOn = "2022-03-01" })).Status.ShouldBe(201);
        // A county-level decision is not the same item as one of Tampere's with the same reference.
        (await Post($"{Url}/retractions", new { kind = "decision", organisationId = "837", @ref = "AV 1/2022", reason = "x", occurredOn = "2022-03-02" })).Status.ShouldBe(409);
        (await Post($"{Url}/retractions", new { kind = "decision", @ref = "AV 1/2022", reason = "Wrong meeting", occurredOn = "2022-03-02" })).Status.ShouldBe(201);
        (await Post($"{Url}/retractions", new { kind = "decision", @ref = "AV 1/2022", reason = "Again", occurredOn = "2022-03-02" })).Status.ShouldBe(409);
        (await EventCount("sopimukset")).ShouldBe(3);
    }

    [Fact]
    public async Task A_unified_system_is_recorded_once_per_organisation_and_area()
    {
        await GivenContractsWorkstream();
        var system = new { organisationId = "837", systemArea = "patient-records", fromSystem = "AluePegasos", toSystem = "Lifecare", occurredOn = "2022-09-30" };

        (await Post($"{Url}/systems", system)).Status.ShouldBe(201);
        (await LastEvent()).ShouldBe(new SystemUnified("sopimukset", "837", "patient-records", "AluePegasos", "Lifecare", new DateOnly(2022, 9, 30)));
        (await Post($"{Url}/systems", system)).Status.ShouldBe(409);

        var missing = await Post($"{Url}/systems", new { });
        missing.Status.ShouldBe(400);
        missing.ErrorsFor("organisationId").ShouldBe(["is required"]);
        missing.ErrorsFor("systemArea").ShouldBe(["is required"]);
        missing.ErrorsFor("occurredOn").ShouldBe(["is required"]);
    }

    [Fact]
    public async Task Staff_data_submissions_may_follow_each_other_and_may_not_count_negative_employees()
    {
        await GivenContractsWorkstream();

        (await Post($"{Url}/staff-data", new { organisationId = "837", employees = 6120, complete = false, occurredOn = "2021-12-15" })).Status.ShouldBe(201);
        (await Post($"{Url}/staff-data", new { organisationId = "837", employees = 6184, complete = true, occurredOn = "2022-02-10" })).Status.ShouldBe(201);
        (await LastEvent()).ShouldBe(new StaffDataReceived("sopimukset", "837", 6184, true, new DateOnly(2022, 2, 10)));

        var negative = await Post($"{Url}/staff-data", new { organisationId = "837", employees = -1, complete = true, occurredOn = "2022-02-10" });
        negative.Status.ShouldBe(400);
        negative.ErrorsFor("employees").ShouldBe(["may not be negative"]);

        var missing = await Post($"{Url}/staff-data", new { organisationId = "837" });
        missing.ErrorsFor("employees").ShouldBe(["is required"]);
        missing.ErrorsFor("complete").ShouldBe(["is required"]);
        missing.ErrorsFor("occurredOn").ShouldBe(["is required"]);
        (await EventCount("sopimukset")).ShouldBe(3);
    }

    [Fact]
    public async Task Decisions_are_made_at_county_level_or_by_an_organisation()
    {
        await GivenContractsWorkstream();

        (await Post($"{Url}/decisions", new { organisationId = "837", body = "Tampereen kaupunginvaltuusto", reference = "KV 14.2.2022 § 23", title = "Luovutuspäätös", occurredOn = "2022-02-14" }))
            .Status.ShouldBe(201);
        (await LastEvent()).ShouldBe(new DecisionMade("sopimukset", "837", "Tampereen kaupunginvaltuusto", "KV 14.2.2022 § 23", "Luovutuspäätös", new DateOnly(2022, 2, 14)));
        (await Post($"{Url}/decisions", new { body = "aluevaltuusto", reference = "KV 14.2.2022 § 23", title = "Same reference, county level", occurredOn = "2022-02-14" }))
            .Status.ShouldBe(201);

        var missing = await Post($"{Url}/decisions", new { organisationId = "837" });
        missing.Status.ShouldBe(400);
        missing.ErrorsFor("body").ShouldBe(["is required"]);
        missing.ErrorsFor("reference").ShouldBe(["is required"]);
        missing.ErrorsFor("title").ShouldBe(["is required"]);
        missing.ErrorsFor("occurredOn").ShouldBe(["is required"]);
    }

    [Fact]
    public async Task An_assessment_rates_one_dimension_red_amber_or_green_with_a_rationale()
    {
        await GivenContractsWorkstream();

        (await Post($"{Url}/assessments", new { dimension = "schedule", rag = "amber", rationale = "Tampere's transfer about a week late", occurredOn = "2022-01-30" }))
            .Status.ShouldBe(201);
        (await LastEvent()).ShouldBe(new StatusAssessed("sopimukset", AssessmentDimension.Schedule, Rag.Amber, "Tampere's transfer about a week late", new DateOnly(2022, 1, 30)));

        var none = await Post($"{Url}/assessments", new { dimension = "overall", rag = "none", rationale = "x", occurredOn = "2022-01-30" });
        none.Status.ShouldBe(400);
        none.ErrorsFor("rag").ShouldBe(["must be one of red, amber, green"]);

        var wrong = await Post($"{Url}/assessments", new { dimension = "budget", rag = "yellow", rationale = "  ", occurredOn = "2022-01-30" });
        wrong.Status.ShouldBe(400);
        wrong.ErrorsFor("dimension").ShouldBe(["must be one of deliverables, schedule, cost, benefits, risk, overall"]);
        wrong.ErrorsFor("rag").ShouldBe(["must be one of red, amber, green"]);
        wrong.ErrorsFor("rationale").ShouldBe(["is required"]);
        (await EventCount("sopimukset")).ShouldBe(2);
    }

    [Fact]
    public async Task Targets_are_set_per_organisation_and_kind_or_at_county_level()
    {
        await GivenContractsWorkstream();

        var set = await Put($"{Url}/targets", new
        {
            occurredOn = "2021-09-01",
            targets = new object[] { new { organisationId = "837", kind = "contract", expected = 300 }, new { kind = "decision", expected = 1 } },
        });

        set.Status.ShouldBe(200);
        set.Read<WorkstreamVersion>().Version.ShouldBe(2);
        var recorded = (TargetsSet)await LastEvent();
        recorded.OccurredOn.ShouldBe(new DateOnly(2021, 9, 1));
        recorded.Targets.ShouldBe([new Target("837", TargetKind.Contract, 300), new Target(null, TargetKind.Decision, 1)]);
    }

    [Fact]
    public async Task Targets_refuse_unknown_organisations_zero_expectations_repeats_and_empty_lists()
    {
        await GivenContractsWorkstream();

        var unknown = await Put($"{Url}/targets", new
        {
            occurredOn = "2021-09-01",
            targets = new object[] { new { organisationId = "837", kind = "contract", expected = 3 }, new { organisationId = "999", kind = "staffData", expected = 1 } },
        });
        unknown.Status.ShouldBe(400);
        unknown.ErrorsFor("targets[1].organisationId").ShouldBe(["There is no organisation '999'."]);

        var zero = await Put($"{Url}/targets", new { occurredOn = "2021-09-01", targets = new object[] { new { kind = "decision", expected = 0 } } });
        zero.ErrorsFor("targets[0].expected").ShouldBe(["must be at least 1"]);

        var twice = await Put($"{Url}/targets", new
        {
            occurredOn = "2021-09-01",
            targets = new object[] { new { kind = "decision", expected = 1 }, new { kind = "decision", expected = 2 } },
        });
        twice.Status.ShouldBe(400);
        twice.ErrorsFor("targets[1]").Single().ShouldContain("same organisation and kind");

        (await Put($"{Url}/targets", new { occurredOn = "2021-09-01", targets = Array.Empty<object>() })).ErrorsFor("targets").ShouldBe(["must name at least one target"]);
        var shapeless = await Put($"{Url}/targets", new { targets = new object?[] { null, new { kind = "contracts" } } });
        shapeless.ErrorsFor("occurredOn").ShouldBe(["is required"]);
        shapeless.ErrorsFor("targets[0]").ShouldBe(["is required"]);
        shapeless.ErrorsFor("targets[1].kind").Single().ShouldStartWith("must be one of contract, system, staffData, decision");
        shapeless.ErrorsFor("targets[1].expected").ShouldBe(["is required"]);
        (await EventCount("sopimukset")).ShouldBe(1);
    }

    [Fact]
    public async Task Rescheduling_moves_the_due_date_but_never_before_the_start()
    {
        await GivenContractsWorkstream();

        var moved = await Post($"{Url}/reschedule", new { dueDate = "2022-02-28", reason = "Tampere's register arrives late", occurredOn = "2022-01-30" });
        moved.Status.ShouldBe(200);
        moved.Read<WorkstreamVersion>().Version.ShouldBe(2);
        (await LastEvent()).ShouldBe(new WorkstreamRescheduled("sopimukset", new DateOnly(2022, 2, 28), "Tampere's register arrives late", new DateOnly(2022, 1, 30)));
        (await Get(Url).View<WorkstreamView>()).DueDate.ShouldBe("2022-02-28");

        var early = await Post($"{Url}/reschedule", new { dueDate = "2021-08-31", reason = "x", occurredOn = "2022-01-30" });
        early.Status.ShouldBe(400);
        early.ErrorsFor("dueDate").ShouldBe(["must be on or after the workstream's start date 2021-09-01"]);

        var missing = await Post($"{Url}/reschedule", new { });
        missing.ErrorsFor("dueDate").ShouldBe(["is required"]);
        missing.ErrorsFor("reason").ShouldBe(["is required"]);
        missing.ErrorsFor("occurredOn").ShouldBe(["is required"]);
    }

    [Fact]
    public async Task Retractions_need_a_kind_a_ref_a_reason_and_a_date()
    {
        await GivenContractsWorkstream();

        var missing = await Post($"{Url}/retractions", new { kind = "staffData" });
        missing.Status.ShouldBe(400);
        missing.ErrorsFor("kind").ShouldBe(["must be one of contract, system, decision"]);
        missing.ErrorsFor("ref").ShouldBe(["is required"]);
        missing.ErrorsFor("reason").ShouldBe(["is required"]);
        missing.ErrorsFor("occurredOn").ShouldBe(["is required"]);
    }

    [Fact]
    public async Task Contracts_need_an_organisation_a_reference_and_a_date_and_the_organisation_must_exist()
    {
        await GivenContractsWorkstream();

        var missing = await Post($"{Url}/contracts", new { counterparty = "x" });
        missing.Status.ShouldBe(400);
        missing.ErrorsFor("organisationId").ShouldBe(["is required"]);
        missing.ErrorsFor("contractRef").ShouldBe(["is required"]);
        missing.ErrorsFor("occurredOn").ShouldBe(["is required"]);

        var unknown = await Post($"{Url}/contracts", new { organisationId = "999", contractRef = "X-1", occurredOn = "2022-01-28" });
        unknown.Status.ShouldBe(400);
        unknown.ErrorsFor("organisationId").ShouldBe(["There is no organisation '999'."]);
        (await EventCount("sopimukset")).ShouldBe(1);
    }

    [Fact]
    public async Task Every_event_route_answers_not_found_for_an_unknown_workstream()
    {
        await GivenContractsWorkstream();
        const string unknown = "/api/workstreams/no-such-workstream";

        (await Post($"{unknown}/contracts", new { organisationId = "837", contractRef = "X", occurredOn = "2022-01-28" })).Status.ShouldBe(404);
        (await Post($"{unknown}/systems", new { organisationId = "837", systemArea = "home-care", occurredOn = "2022-01-28" })).Status.ShouldBe(404);
        (await Post($"{unknown}/staff-data", new { organisationId = "837", employees = 1, complete = true, occurredOn = "2022-01-28" })).Status.ShouldBe(404);
        (await Post($"{unknown}/decisions", new { body = "VATE", reference = "1", title = "t", occurredOn = "2022-01-28" })).Status.ShouldBe(404);
        (await Post($"{unknown}/assessments", new { dimension = "risk", rag = "red", rationale = "r", occurredOn = "2022-01-28" })).Status.ShouldBe(404);
        (await Post($"{unknown}/retractions", new { kind = "contract", organisationId = "837", @ref = "X", reason = "r", occurredOn = "2022-01-28" })).Status.ShouldBe(404);
        (await Post($"{unknown}/reschedule", new { dueDate = "2022-03-01", reason = "r", occurredOn = "2022-01-28" })).Status.ShouldBe(404);
        (await Put($"{unknown}/targets", new { occurredOn = "2022-01-28", targets = new[] { new { kind = "decision", expected = 1 } } })).Status.ShouldBe(404);
    }

    [Fact]
    public async Task A_business_date_may_be_tomorrow_but_not_later()
    {
        await GivenContractsWorkstream();
        var today = TestClock.HelsinkiDate(App.Clock.Freeze());

        (await Post($"{Url}/contracts", new { organisationId = "837", contractRef = "T-1", occurredOn = today.AddDays(1).ToString("yyyy-MM-dd") })).Status.ShouldBe(201);

        var later = await Post($"{Url}/contracts", new { organisationId = "837", contractRef = "T-2", occurredOn = today.AddDays(2).ToString("yyyy-MM-dd") });
        later.Status.ShouldBe(400);
        later.ErrorsFor("occurredOn").ShouldBe(["may not be more than one day after the server's date"]);
        var assessment = await Post($"{Url}/assessments", new { dimension = "risk", rag = "red", rationale = "r", occurredOn = today.AddDays(30).ToString("yyyy-MM-dd") });
        assessment.ErrorsFor("occurredOn").ShouldBe(["may not be more than one day after the server's date"]);
        (await EventCount("sopimukset")).ShouldBe(2);
    }
}
