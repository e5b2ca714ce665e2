using System.Collections;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Transfer.Api.Tests.Support.Views;

/// <summary>
/// A read-only list equal to another with equal items in the same order. Records compare an IReadOnlyList member
/// by reference, so two views with the same rows would differ; with this, a view compares whole with ShouldBe,
/// and `expected with { Targets = [...] }` reads as the wire does. ToString lists the items, for Shouldly's messages.
/// </summary>
[CollectionBuilder(typeof(ValueList), nameof(ValueList.Create))]
[JsonConverter(typeof(ValueListConverter))]
public sealed class ValueList<T>(IEnumerable<T> items) : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[] items = items.ToArray();

    public T this[int index] => items[index];

    public int Count => items.Length;

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ValueList<T>? other) => other is not null && items.SequenceEqual(other.items);

    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    public override int GetHashCode() => items.Aggregate(items.Length, (hash, item) => HashCode.Combine(hash, item));

    public override string ToString() => $"[{string.Join(", ", items)}]";
}

public static class ValueList
{
    public static ValueList<T> Create<T>(ReadOnlySpan<T> items) => new(items.ToArray());

    public static ValueList<T> ToValueList<T>(this IEnumerable<T> items) => new(items);
}

/// <summary>Reads and writes a <see cref="ValueList{T}"/> as the JSON array it is on the wire.</summary>
public sealed class ValueListConverter : JsonConverterFactory
{
    public override bool CanConvert(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueList<>);

    public override JsonConverter CreateConverter(Type type, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Items<>).MakeGenericType(type.GetGenericArguments()))!;

    private sealed class Items<T> : JsonConverter<ValueList<T>>
    {
        public override ValueList<T> Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options) =>
            new(JsonSerializer.Deserialize<List<T>>(ref reader, options)!);

        public override void Write(Utf8JsonWriter writer, ValueList<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize<IEnumerable<T>>(writer, value, options);
    }
}
