using System.Text.Json;
using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Persistence;

internal static class ReadModelJson
{
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, LedgerJson.Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, LedgerJson.Options) ?? throw new JsonException($"Stored {typeof(T).Name} is null.");

    /// <summary>An enum from its stored snake_case name (as <see cref="Claims.ClaimFormat.Enum"/> writes it).</summary>
    public static T ParseEnum<T>(string name) where T : struct, Enum => EnumNames<T>.ByName[name];

    public static string FigureKey(string platform, string metric) => $"{platform}|{metric}";

    public static (string Platform, string Metric) SplitFigureKey(string key)
    {
        var bar = key.IndexOf('|', StringComparison.Ordinal);
        return (key[..bar], key[(bar + 1)..]);
    }

    private static class EnumNames<T> where T : struct, Enum
    {
        public static readonly Dictionary<string, T> ByName = Enum.GetValues<T>().ToDictionary(v => Claims.ClaimFormat.Enum(v), StringComparer.Ordinal);
    }
}
