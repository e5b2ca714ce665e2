using NetArchTest.Rules;

namespace Transfer.Api.Tests.Conventions;

/// <summary>
/// The layout is the architecture: the hosting floor names no room above it, and no two rooms lean on each other
/// (a room that needs another's part takes it one way, or the part moves down). Read from the compiled API with
/// NetArchTest, which sees method bodies too, not only signatures.
/// </summary>
public sealed class ArchitectureTests
{
    private const string Api = "Transfer.Api";
    private const string Hosting = "Transfer.Api.Hosting";

    /// <summary>Every room: a namespace right under Transfer.Api, but the hosting floor and Wolverine's generated code.</summary>
    private static readonly string[] Rooms = typeof(Program).Assembly.GetTypes()
        .Select(type => type.Namespace)
        .OfType<string>()
        .Where(name => name.StartsWith(Api + ".", StringComparison.Ordinal))
        .Select(name => string.Join('.', name.Split('.').Take(3)))
        .Where(name => name != Hosting)
        .Distinct()
        .Order(StringComparer.Ordinal)
        .ToArray();

    [Fact]
    public void The_rooms_are_found()
    {
        // A guard for the tests below: they would pass vacuously over an empty list.
        Rooms.ShouldContain("Transfer.Api.Boards");
        Rooms.ShouldContain("Transfer.Api.Writing");
        Rooms.ShouldContain("Transfer.Api.Evidence");
        Rooms.ShouldNotContain(Hosting);
    }

    [Fact]
    public void The_hosting_floor_names_no_room_and_no_capability()
    {
        var result = Types.InAssembly(typeof(Program).Assembly)
            .That().ResideInNamespace(Hosting)
            .ShouldNot().HaveDependencyOnAny([.. Rooms, $"{Api}.ApiTags", "Program"])
            .GetResult();
        result.IsSuccessful.ShouldBeTrue($"The hosting floor reaches into a room: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void A_room_that_uses_another_is_not_used_by_it()
    {
        var types = Types.InAssembly(typeof(Program).Assembly);
        var uses = Rooms.ToDictionary(room => room, room => Rooms.Where(other => other != room && Depends(types, room, other)).ToHashSet());
        var mutual = Rooms.SelectMany(room => uses[room].Where(other => uses[other].Contains(room) && string.CompareOrdinal(room, other) < 0)
            .Select(other => $"{room} ⇄ {other}")).ToList();
        mutual.ShouldBeEmpty();
    }

    private static bool Depends(Types types, string room, string other) =>
        !types.That().ResideInNamespace(room).ShouldNot().HaveDependencyOn(other).GetResult().IsSuccessful;
}
