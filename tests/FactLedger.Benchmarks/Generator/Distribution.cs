namespace FactLedger.Benchmarks.Generator;

/// <summary>A weighted choice among items; deterministic for a given <see cref="Random"/>.</summary>
public sealed class Distribution<T>
{
    private readonly T[] _items;
    private readonly double[] _cumulative;

    public Distribution(IEnumerable<(T Item, double Weight)> weighted)
    {
        var pairs = weighted.Where(p => p.Weight > 0).ToArray();
        _items = [.. pairs.Select(p => p.Item)];
        _cumulative = new double[pairs.Length];
        var sum = 0.0;
        for (var i = 0; i < pairs.Length; i++)
        {
            sum += pairs[i].Weight;
            _cumulative[i] = sum;
        }

        Total = sum;
    }

    public double Total { get; }

    public IReadOnlyList<T> Items => _items;

    public T Pick(Random random)
    {
        var x = random.NextDouble() * Total;
        var index = Array.BinarySearch(_cumulative, x);
        return _items[index >= 0 ? index : Math.Min(~index, _items.Length - 1)];
    }

    public double Share(T item) =>
        _items.Select((it, i) => (it, weight: _cumulative[i] - (i == 0 ? 0 : _cumulative[i - 1])))
            .Where(p => EqualityComparer<T>.Default.Equals(p.it, item)).Sum(p => p.weight) / Total;
}

public static class RandomExtensions
{
    public static bool Chance(this Random random, double probability) => random.NextDouble() < probability;

    public static T PickOne<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>A version-4 style GUID drawn from <paramref name="random"/>, so generated event ids are reproducible.</summary>
    public static Guid NextGuid(this Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>Roughly normal noise (sum of uniforms), mean 0, standard deviation about <paramref name="sigma"/>.</summary>
    public static double Noise(this Random random, double sigma) =>
        (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * 2 * sigma;
}
