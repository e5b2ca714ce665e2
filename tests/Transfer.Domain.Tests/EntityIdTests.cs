using Transfer.Domain.Common;

namespace Transfer.Domain.Tests;

public sealed class EntityIdTests
{
    [Theory]
    [InlineData("837")]
    [InlineData("pshp")]
    [InlineData("talousjarjestelmat")]
    [InlineData("a")]
    [InlineData("0-a-b")]
    public void Accepts_municipality_codes_and_lower_case_names(string id) => EntityId.IsValid(id).ShouldBeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("-837")]
    [InlineData("Tampere")]
    [InlineData("työryhmä")]
    [InlineData("a b")]
    [InlineData("organisation:837")]
    [InlineData(null)]
    [InlineData("org1\n")]
    [InlineData("org1\r")]
    [InlineData("org1\r\n")]
    [InlineData("org1\0")]
    [InlineData("\norg1")]
    [InlineData("٨٣٧")]
    [InlineData("８３７")]
    public void Refuses_anything_else(string? id) => EntityId.IsValid(id).ShouldBeFalse();

    [Fact]
    public void Allows_at_most_64_characters()
    {
        EntityId.IsValid(new string('a', 64)).ShouldBeTrue();
        EntityId.IsValid(new string('a', 65)).ShouldBeFalse();
    }
}
