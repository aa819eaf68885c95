using System.Text.Json;
using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Seeds;

/// <summary>Reads seed files with the ledger's JSON conventions, tolerating comments and trailing commas.</summary>
internal static class SeedJson
{
    public static readonly JsonSerializerOptions Options = new(LedgerJson.Options)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Deserializes, or records the JSON error at "file:$.path" and returns default.</summary>
    public static T? Read<T>(string text, string file, ValidationErrors errors)
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(text, Options);
            if (value is null)
            {
                errors.Add($"{file}:$", "The file holds no JSON object.");
            }

            return value;
        }
        catch (JsonException e)
        {
            errors.Add($"{file}:{e.Path ?? "$"}", $"Malformed JSON (line {e.LineNumber + 1}): {FirstSentence(e.Message)}");
            return default;
        }
    }

    public static T? Read<T>(JsonElement element, string key, ValidationErrors errors)
    {
        try
        {
            return element.Deserialize<T>(Options);
        }
        catch (JsonException e)
        {
            errors.Add(key, $"Malformed value: {FirstSentence(e.Message)}");
            return default;
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". Path:", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }
}
