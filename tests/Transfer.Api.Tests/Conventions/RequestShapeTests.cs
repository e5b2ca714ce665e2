using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Conventions;

public sealed class RequestShapeTests(TransferAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Malformed_JSON_is_a_bad_request_with_problem_details()
    {
        await GivenContractsWorkstream();

        var broken = await Post("/api/workstreams/sopimukset/contracts", "{\"organisationId\": \"837\", ");
        broken.Status.ShouldBe(400);
        broken.ContentType.ShouldStartWith("application/problem+json");
        broken.Json.GetProperty("status").GetInt32().ShouldBe(400);

        var wrongType = await Post("/api/workstreams/sopimukset/staff-data", "{\"organisationId\": \"837\", \"employees\": \"many\", \"complete\": true, \"occurredOn\": \"2022-01-28\"}");
        wrongType.Status.ShouldBe(400);
        (await EventCount("sopimukset")).ShouldBe(1);
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_refused_unread()
    {
        await GivenContractsWorkstream();
        var huge = new { organisationId = "837", contractRef = "BIG", counterparty = new string('x', 1024 * 1024), occurredOn = "2022-01-28" };

        var answer = await Post("/api/workstreams/sopimukset/contracts", huge);

        answer.Status.ShouldBe(413);
        answer.ContentType.ShouldStartWith("application/problem+json");
        (await EventCount("sopimukset")).ShouldBe(1);
    }

    [Fact]
    public async Task Overlong_text_is_a_validation_error()
    {
        await GivenContractsWorkstream();
        var answer = await Post("/api/workstreams/sopimukset/contracts", new { organisationId = "837", contractRef = new string('r', 2001), occurredOn = "2022-01-28" });
        answer.Status.ShouldBe(400);
        answer.ErrorsFor("contractRef").ShouldBe(["may be at most 2000 characters"]);
    }
}
