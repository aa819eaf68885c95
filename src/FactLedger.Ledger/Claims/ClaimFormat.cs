using System.Globalization;

namespace FactLedger.Ledger.Claims;

/// <summary>Short invariant text for claim fields, as shown in histories and plans.</summary>
public static class ClaimFormat
{
    public static string Value(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    public static string Enum<T>(T value) where T : struct, System.Enum =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static string Attribution(IReadOnlyList<AttributionLink> links) =>
        links.Count == 0 ? "(none)" : string.Join(" < ", links.Select(l => $"{l.Name} ({Enum(l.Role)})"));

    public static string Quote(QuoteSpan quote) =>
        string.Create(CultureInfo.InvariantCulture, $"\"{quote.Text}\" [{quote.Start}, {quote.End})");

    public static string Quotes(IReadOnlyList<QuoteSpan> quotes) =>
        quotes.Count == 0 ? "(none)" : string.Join("; ", quotes.Select(Quote));

    /// <summary>The fields that differ between two states of a claim, old value to new.</summary>
    public static IReadOnlyList<FieldChange> Differences(Claim before, Claim after)
    {
        var changes = new List<FieldChange>();
        void Compare(string field, string? from, string? to)
        {
            if (!string.Equals(from, to, StringComparison.Ordinal))
            {
                changes.Add(new FieldChange(field, from, to));
            }
        }

        Compare("platform", before.Platform, after.Platform);
        Compare("metric", before.Metric, after.Metric);
        Compare("value", Value(before.Value), Value(after.Value));
        Compare("unit", before.Unit, after.Unit);
        Compare("qualifier", Enum(before.Qualifier), Enum(after.Qualifier));
        Compare("asOf", AsOf(before.AsOf), AsOf(after.AsOf));
        Compare("attribution", Attribution(before.Attribution), Attribution(after.Attribution));
        Compare("quote", Quote(before.Quote), Quote(after.Quote));
        Compare("alsoQuoted", Quotes(before.AlsoQuoted), Quotes(after.AlsoQuoted));
        Compare("notes", before.Notes, after.Notes);
        return changes;
    }

    public static string AsOf(AsOf asOf)
    {
        var text = asOf.ToString();
        return asOf.Text is null ? text : $"{text} (\"{asOf.Text}\")";
    }
}

/// <summary>One field a history entry changed, as display text.</summary>
public sealed record FieldChange(string Field, string? From, string? To);
