namespace FactLedger.Benchmarks.Harness;

public static class Stats
{
    public static double Median(IEnumerable<double> values) => Percentile(values, 50);

    /// <summary>Nearest-rank percentile: with fewer than 100 samples, p99 is simply the slowest one.</summary>
    public static double Percentile(IEnumerable<double> values, double percent)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static string Spread(IEnumerable<double> values, string format)
    {
        var array = values.ToArray();
        return array.Length == 0 ? "" : $"{array.Min().ToString(format, Formats.Invariant)}–{array.Max().ToString(format, Formats.Invariant)}";
    }
}

public static class Formats
{
    public static readonly IFormatProvider Invariant = System.Globalization.CultureInfo.InvariantCulture;

    public static string Rate(double perSecond) => perSecond.ToString("#,0", Invariant) + "/s";

    public static string Count(long count) => count.ToString("#,0", Invariant);

    public static string Ms(double milliseconds) =>
        milliseconds.ToString(milliseconds < 10 ? "0.00" : milliseconds < 100 ? "0.0" : "0", Invariant) + " ms";

    public static string Ratio(double ratio) => ratio.ToString("0.00", Invariant);

    /// <summary>A figure held against a target: three decimals below 10, so 0.598 is not shown as a met 0.60.</summary>
    public static string Measured(double value) => value.ToString(Math.Abs(value) < 10 ? "0.000" : "0.0", Invariant);

    public static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0", Invariant) + " MB";

    public static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", Invariant) + " s";
}
