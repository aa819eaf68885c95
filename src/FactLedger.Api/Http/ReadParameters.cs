using FactLedger.Api.Problems;
using FactLedger.Ledger.Application;
using FactLedger.Ledger.Catalog;
using FactLedger.Ledger.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FactLedger.Api;

/// <summary>Query parameters shared by the read endpoints, parsed into ledger values or validation errors.</summary>
public static class ReadParameters
{
    public const string LedgerAsOfName = "ledger-as-of";
    public const string ValidAtName = "valid-at";

    /// <summary>A feed sequence ("1234") or an ISO-8601 timestamp; null when absent.</summary>
    /// <exception cref="LedgerValidationException">The text is neither.</exception>
    public static LedgerTime? LedgerAsOf(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return LedgerTime.TryParse(text, out var time)
            ? time
            : throw new LedgerValidationException(LedgerAsOfName, $"'{text}' is neither a feed sequence number nor an ISO-8601 timestamp such as 2026-01-31T12:00:00Z.");
    }

    /// <summary>
    /// The day a figure should have applied on. A month or year means its last day ("2016" asks for the figure as
    /// the year ended), the natural reading of "what was the number in 2016?".
    /// </summary>
    /// <exception cref="LedgerValidationException">The text is not YYYY, YYYY-MM or YYYY-MM-DD.</exception>
    public static DateOnly? ValidAt(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return PartialDate.TryParse(text, out var date) && date.IsKnown
            ? date.End
            : throw new LedgerValidationException(ValidAtName, $"'{text}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.");
    }

    /// <exception cref="LedgerValidationException">The limit is outside 1..max.</exception>
    public static int Limit(int? limit, int defaultLimit, int max) =>
        limit switch
        {
            null => defaultLimit,
            >= 1 when limit <= max => limit.Value,
            _ => throw new LedgerValidationException("limit", $"The limit must be between 1 and {max}; got {limit}."),
        };

    /// <summary>A platform filter in a query string: canonical id for an id or alias; an unknown one is a validation error.</summary>
    public static string? PlatformFilter(PlatformCatalog catalog, string? platform) =>
        string.IsNullOrWhiteSpace(platform)
            ? null
            : catalog.FindPlatform(platform)?.Id
              ?? throw new LedgerValidationException("platform", UnknownPlatformMessage(catalog, platform));

    public static string? MetricFilter(PlatformCatalog catalog, string? metric) =>
        string.IsNullOrWhiteSpace(metric)
            ? null
            : catalog.FindMetric(metric)?.Id
              ?? throw new LedgerValidationException("metric", UnknownMetricMessage(catalog, metric));

    public static ProblemHttpResult UnknownPlatform(PlatformCatalog catalog, string platform) =>
        ApiProblems.NotFoundProblem(UnknownPlatformMessage(catalog, platform));

    public static ProblemHttpResult UnknownMetric(PlatformCatalog catalog, string metric) =>
        ApiProblems.NotFoundProblem(UnknownMetricMessage(catalog, metric));

    private static string UnknownPlatformMessage(PlatformCatalog catalog, string platform) =>
        $"Unknown platform '{platform}'. Known platforms: {string.Join(", ", catalog.Platforms.Select(p => p.Id))} (aliases such as 'WA' work too; see GET /api/catalog).";

    private static string UnknownMetricMessage(PlatformCatalog catalog, string metric) =>
        $"Unknown metric '{metric}'. Known metrics: {string.Join(", ", catalog.Metrics.Select(m => m.Id))}.";
}
