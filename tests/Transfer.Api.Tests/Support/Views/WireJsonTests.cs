namespace Transfer.Api.Tests.Support.Views;

/// <summary>The typed reading is as strict as the JSON walks it replaces: what it lets through, a comparison would miss.</summary>
public sealed class WireJsonTests
{
    private static T Read<T>(string json) => System.Text.Json.JsonSerializer.Deserialize<T>(json, WireJson.Options)!;

    [Fact]
    public void A_view_reads_its_fields_and_lists_compare_by_their_items()
    {
        var counts = Read<RagCounts>("""{"red":0,"amber":1,"green":2,"none":3}""");
        counts.ShouldBe(new RagCounts(0, 1, 2, 3));
        Read<OrganisationWorkstream>("""{"id":"a","name":"A","rag":"red","targets":[{"kind":"contract","expected":2,"done":1,"rag":"red"}]}""")
            .ShouldBe(new OrganisationWorkstream("a", "A", "red", [new("contract", 2, 1, "red")]));
    }

    [Theory]
    [InlineData("""{"red":0,"amber":1,"green":2,"none":3,"forecast":"red"}""")] // a field the record does not name
    [InlineData("""{"red":0,"amber":1,"green":2}""")] // a field missing
    [InlineData("""{"Red":0,"amber":1,"green":2,"none":3}""")] // a name not as written
    [InlineData("""{"red":"0","amber":1,"green":2,"none":3}""")] // a number as a string
    public void What_the_contract_does_not_say_is_refused(string json) =>
        Should.Throw<System.Text.Json.JsonException>(() => Read<RagCounts>(json));

    [Fact]
    public void Null_is_read_only_where_the_record_allows_it()
    {
        Read<WorkstreamTarget>("""{"organisationId":null,"kind":"decision","expected":1,"done":0,"rag":"amber"}""").OrganisationId.ShouldBeNull();
        Should.Throw<System.Text.Json.JsonException>(() => Read<OrganisationTarget>("""{"kind":null,"expected":1,"done":0,"rag":"amber"}"""));
        Should.Throw<System.Text.Json.JsonException>(() => Read<WorkingGroupStatus>("""{"id":"a","name":"A","rag":"none","counts":{"red":0,"amber":0,"green":0,"none":0},"workstreams":null,"groups":[]}"""));
    }
}
