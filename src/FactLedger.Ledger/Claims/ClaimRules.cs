using FactLedger.Ledger.Catalog;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Sources;

namespace FactLedger.Ledger.Claims;

/// <summary>The rules every claim must satisfy, whether asserted or corrected.</summary>
internal static class ClaimRules
{
    /// <summary>The canonical platform id for an id, name or alias, or null (with an error naming the valid ids).</summary>
    public static string? ResolvePlatform(ValidationErrors errors, PlatformCatalog catalog, string? platform)
    {
        if (string.IsNullOrWhiteSpace(platform))
        {
            errors.Add("platform", "A platform is required.");
            return null;
        }

        var found = catalog.FindPlatform(platform);
        if (found is null)
        {
            errors.Add("platform", $"Unknown platform '{platform}'. Valid ids: {string.Join(", ", catalog.Platforms.Select(p => p.Id))}.");
        }

        return found?.Id;
    }

    public static Metric? ResolveMetric(ValidationErrors errors, PlatformCatalog catalog, string? metric)
    {
        if (string.IsNullOrWhiteSpace(metric))
        {
            errors.Add("metric", "A metric is required.");
            return null;
        }

        var found = catalog.FindMetric(metric);
        if (found is null)
        {
            errors.Add("metric", $"Unknown metric '{metric}'. Valid ids: {string.Join(", ", catalog.Metrics.Select(m => m.Id))}.");
        }

        return found;
    }

    /// <summary>Checks a claim's content against its metric and its source (quotes, dates).</summary>
    public static void CheckContent(ValidationErrors errors, Claim claim, Metric? metric, Source source)
    {
        CheckValue(errors, claim.Value, metric);
        if (metric is not null && !string.Equals(claim.Unit, metric.Unit, StringComparison.Ordinal))
        {
            errors.Add("unit", $"Metric '{metric.Id}' is counted in '{metric.Unit}', not '{claim.Unit}'.");
        }

        if (!Enum.IsDefined(claim.Qualifier))
        {
            errors.Add("qualifier", $"'{claim.Qualifier}' is not a qualifier.");
        }

        if (claim.AsOf is null)
        {
            errors.Add("asOf", "An as-of date is required (its date may be unknown).");
        }
        else
        {
            CheckAsOf(errors, claim.AsOf, claim.Qualifier, source);
        }

        CheckQuote(errors, "quote", claim.Quote, source);
        for (var i = 0; i < claim.AlsoQuoted.Count; i++)
        {
            CheckQuote(errors, $"alsoQuoted[{i}]", claim.AlsoQuoted[i], source);
        }

        for (var i = 0; i < claim.Attribution.Count; i++)
        {
            errors.Require($"attribution[{i}].name", claim.Attribution[i]?.Name, "An attribution name");
            if (claim.Attribution[i] is { } link && !Enum.IsDefined(link.Role))
            {
                errors.Add($"attribution[{i}].role", $"'{link.Role}' is not an attribution role.");
            }
        }

        errors.Require("recordedBy.name", claim.RecordedBy?.Name, "The recorder's name");
    }

    /// <remarks>
    /// Levels must be positive. A change may be negative (a loss of users), since the catalog defines change
    /// metrics as "a gain or loss", but never zero: "no change" is not a number a source asserts.
    /// </remarks>
    private static void CheckValue(ValidationErrors errors, decimal value, Metric? metric)
    {
        if (metric?.Kind == MetricKind.Change)
        {
            if (value == 0)
            {
                errors.Add("value", "A change must be non-zero (negative for a loss).");
            }
        }
        else if (value <= 0)
        {
            errors.Add("value", $"The value must be positive; got {value}.");
        }
    }

    private static void CheckAsOf(ValidationErrors errors, AsOf asOf, Qualifier qualifier, Source source)
    {
        if (qualifier != Qualifier.Forecast && asOf.Date.IsKnown && source.Published.IsKnown && asOf.Date.Start > source.Published.End)
        {
            errors.Add("asOf.date", $"As-of {asOf.Date} is after the source's publication ({source.Published}); only a forecast may be dated later.");
        }

        if (asOf.Since is { } since && asOf.Date.IsKnown && since.Start > asOf.Date.End)
        {
            errors.Add("asOf.since", $"The period starts ({since}) after it ends ({asOf.Date}).");
        }
    }

    private static void CheckQuote(ValidationErrors errors, string field, QuoteSpan? quote, Source source)
    {
        if (quote is null || string.IsNullOrEmpty(quote.Text))
        {
            errors.Add(field, "A quote from the source is required.");
            return;
        }

        if (quote.OccursIn(source.Text))
        {
            return;
        }

        var found = source.Text.IndexOf(quote.Text, StringComparison.Ordinal);
        errors.Add(field, found >= 0
            ? $"The quote is not at [{quote.Start}, {quote.End}) in source '{source.SourceId}'; it occurs at [{found}, {found + quote.Text.Length})."
            : $"The quote does not occur in the text of source '{source.SourceId}'.");
    }
}
