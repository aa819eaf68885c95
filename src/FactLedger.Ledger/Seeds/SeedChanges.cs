using System.Text.Json;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Seeds;

/// <summary>
/// Reads a seed correction's <c>changes</c>: claim fields in the claim's own JSON shape (<c>quote</c> with
/// <c>start</c>/<c>end</c>); <c>"notes": null</c> removes the notes.
/// </summary>
internal static class SeedChanges
{
    public static ClaimChanges? Parse(JsonElement changes, string at, ValidationErrors errors)
    {
        if (changes.ValueKind != JsonValueKind.Object)
        {
            errors.Add(at, "'changes' must be an object of claim fields.");
            return null;
        }

        var before = errors.Count;
        var result = new ClaimChanges();
        var quoteFields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in changes.EnumerateObject())
        {
            var key = $"{at}.{property.Name}";
            var value = property.Value;
            result = property.Name switch
            {
                "platform" => result with { Platform = SeedJson.Read<string>(value, key, errors) },
                "metric" => result with { Metric = SeedJson.Read<string>(value, key, errors) },
                "value" => result with { Value = SeedJson.Read<decimal?>(value, key, errors) },
                "unit" => result with { Unit = SeedJson.Read<string>(value, key, errors) },
                "qualifier" => result with { Qualifier = SeedJson.Read<Qualifier?>(value, key, errors) },
                "asOf" => result with { AsOf = SeedJson.Read<AsOf>(value, key, errors) },
                "attribution" => result with { Attribution = Attribution(value, key, errors) },
                "alsoQuoted" => result with { AlsoQuoted = AlsoQuoted(value, key, errors) },
                "notes" when value.ValueKind == JsonValueKind.Null => result with { Cleared = ["notes"] },
                "notes" => result with { Notes = SeedJson.Read<string>(value, key, errors) },
                "quote" or "start" or "end" => Remember(result, quoteFields, property),
                _ => Unknown(result, key, errors),
            };
        }

        if (quoteFields.Count > 0)
        {
            result = result with { Quote = Quote(quoteFields, at, errors) };
        }

        if (errors.Count == before && result.IsEmpty)
        {
            errors.Add(at, "A correction must change at least one field.");
        }

        return errors.Count > before ? null : result;
    }

    private static ClaimChanges Remember(ClaimChanges result, Dictionary<string, JsonElement> quoteFields, JsonProperty property)
    {
        quoteFields[property.Name] = property.Value;
        return result;
    }

    private static ClaimChanges Unknown(ClaimChanges result, string key, ValidationErrors errors)
    {
        errors.Add(key, "Not a correctable claim field (platform, metric, value, unit, qualifier, asOf, attribution, quote/start/end, alsoQuoted, notes).");
        return result;
    }

    private static QuoteSpan? Quote(Dictionary<string, JsonElement> fields, string at, ValidationErrors errors)
    {
        if (fields.Count != 3)
        {
            errors.Add($"{at}.quote", "A corrected quote needs 'quote', 'start' and 'end' together.");
            return null;
        }

        var text = SeedJson.Read<string>(fields["quote"], $"{at}.quote", errors);
        var start = SeedJson.Read<int?>(fields["start"], $"{at}.start", errors);
        var end = SeedJson.Read<int?>(fields["end"], $"{at}.end", errors);
        return text is null || start is null || end is null ? null : new QuoteSpan(text, start.Value, end.Value);
    }

    private static AttributionLink[]? Attribution(JsonElement value, string key, ValidationErrors errors)
    {
        var links = SeedJson.Read<AttributionJson?[]>(value, key, errors);
        if (links is null || links.Any(l => l?.Name is null || l.Role is null))
        {
            errors.Add(key, "Every attribution link needs a 'name' and a 'role'.");
            return null;
        }

        return [.. links.Select(l => new AttributionLink(l!.Name!, l.Role!.Value))];
    }

    private static QuoteSpan[]? AlsoQuoted(JsonElement value, string key, ValidationErrors errors)
    {
        var quotes = SeedJson.Read<QuoteJson?[]>(value, key, errors);
        if (quotes is null || quotes.Any(q => q?.Quote is null || q.Start is null || q.End is null))
        {
            errors.Add(key, "Every quote needs 'quote', 'start' and 'end'.");
            return null;
        }

        return [.. quotes.Select(q => new QuoteSpan(q!.Quote!, q.Start!.Value, q.End!.Value))];
    }
}
