/// <summary>Latencies of one scenario, and the markdown row the README's tables are made of.</summary>
public sealed class Latencies(int capacity = 256)
{
    private readonly List<double> milliseconds = new(capacity);

    public int Count => milliseconds.Count;

    public void Add(double ms) => milliseconds.Add(ms);

    public static Latencies Merge(IEnumerable<Latencies> parts)
    {
        var merged = new Latencies();
        foreach (var part in parts) merged.milliseconds.AddRange(part.milliseconds);
        return merged;
    }

    /// <summary>The q-quantile (0.5 for the median), by the nearest rank.</summary>
    public double At(double q)
    {
        if (milliseconds.Count == 0) return double.NaN;
        milliseconds.Sort();
        return milliseconds[Math.Min(milliseconds.Count - 1, (int)(q * milliseconds.Count))];
    }
}
