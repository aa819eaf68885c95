using FactLedger.Ledger.Catalog;
using FactLedger.Ledger.Claims;

namespace FactLedger.Benchmarks.Generator;

/// <summary>
/// Which platforms and metrics articles talk about, and what numbers they print: each platform's monthly active users
/// follow a growth curve, other metrics are fixed multiples of it, and every article adds its own noise, so claims about
/// the same period agree, roughly agree or conflict much as press reports do.
/// </summary>
public static class ValueModel
{
    /// <summary>Press attention per platform (percent of claims): the big ones dominate, the long tail is thin.</summary>
    public static readonly Distribution<string> Platforms = new(
    [
        ("whatsapp", 14), ("facebook", 13), ("instagram", 10), ("telegram", 9), ("youtube", 9), ("tiktok", 8), ("wechat", 7),
        ("x", 6), ("messenger", 5), ("snapchat", 4), ("line", 3), ("signal", 3), ("viber", 3), ("kakaotalk", 2), ("vk", 2),
        ("zoom", 1), ("kik", 0.5), ("houseparty", 0.5),
    ]);

    /// <summary>Which metric a claim states (percent of claims); monthly actives are what companies announce most.</summary>
    public static readonly Distribution<string> Metrics = new(
    [
        ("monthly_active_users", 30), ("users", 14), ("active_users", 12), ("daily_active_users", 10), ("registered_users", 10),
        ("messages_per_day", 7), ("new_users_per_day", 5), ("monthly_active_users_change", 5), ("active_users_change", 4),
        ("messages_per_day_change", 3),
    ]);

    public static readonly Distribution<Qualifier> Qualifiers = new(
        [(Qualifier.Exact, 50), (Qualifier.Approximate, 20), (Qualifier.AtLeast, 20), (Qualifier.AtMost, 3), (Qualifier.Forecast, 7)]);

    /// <summary>User-count metrics a correction may reclassify a claim between (same unit, all levels).</summary>
    public static readonly IReadOnlyList<string> UserLevels = ["monthly_active_users", "daily_active_users", "active_users", "registered_users", "users"];

    private static readonly IReadOnlyDictionary<string, (double MillionsIn2016, double YearlyGrowth)> Curves = new Dictionary<string, (double, double)>
    {
        ["whatsapp"] = (1000, 1.15), ["facebook"] = (1600, 1.07), ["instagram"] = (400, 1.22), ["telegram"] = (100, 1.32),
        ["youtube"] = (1000, 1.11), ["tiktok"] = (40, 1.6), ["wechat"] = (650, 1.11), ["x"] = (320, 1.02), ["messenger"] = (800, 1.08),
        ["snapchat"] = (150, 1.14), ["line"] = (215, 1.03), ["signal"] = (3, 1.5), ["viber"] = (250, 1.05), ["kakaotalk"] = (45, 1.02),
        ["vk"] = (95, 1.01), ["zoom"] = (10, 1.45), ["kik"] = (15, 0.95), ["houseparty"] = (2, 1.2),
    };

    private static readonly IReadOnlyDictionary<string, double> PerMonthlyActive = new Dictionary<string, double>
    {
        ["monthly_active_users"] = 1, ["daily_active_users"] = 0.6, ["active_users"] = 0.95, ["registered_users"] = 1.7, ["users"] = 1.2,
        ["messages_per_day"] = 40, ["new_users_per_day"] = 0.004, ["monthly_active_users_change"] = 0.25, ["active_users_change"] = 0.2,
        ["messages_per_day_change"] = 6,
    };

    public static bool IsChange(string metric) => PlatformCatalog.BuiltIn.FindMetric(metric)?.Kind == MetricKind.Change;

    /// <summary>The level (or, for a change metric, the gain) an article would print for this date, before rounding.</summary>
    public static double TrueValue(string platform, string metric, DateOnly date)
    {
        var (millions, growth) = Curves[platform];
        var years = (date.DayNumber - new DateOnly(2016, 1, 1).DayNumber) / 365.25;
        var monthlyActives = Math.Min(3_200, millions * Math.Pow(growth, years)) * 1_000_000;
        return Math.Max(2_000, monthlyActives * PerMonthlyActive[metric]);
    }

    /// <summary>
    /// Rounds to two significant digits (one when approximate), keeping the mantissa of the largest power of a
    /// thousand below the value to at most two decimals, so articles in every language can print it exactly.
    /// </summary>
    public static decimal Round(double value, Qualifier qualifier)
    {
        var magnitude = Math.Abs(value);
        var digits = qualifier == Qualifier.Approximate ? 1 : 2;
        var power = Math.Pow(10, Math.Floor(Math.Log10(magnitude)) - digits + 1);
        var rounded = qualifier == Qualifier.AtLeast ? Math.Floor(magnitude / power) * power : Math.Round(magnitude / power) * power;
        var result = (decimal)Math.Max(rounded, 1_000);
        return Math.Sign(value) * decimal.Round(result, 0);
    }
}
