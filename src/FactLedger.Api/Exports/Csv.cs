using System.Globalization;
using System.Text;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Figures;

namespace FactLedger.Api.Exports;

/// <summary>RFC 4180 CSV of figures and timelines: a header row, CRLF line ends, fields quoted only when they must be.</summary>
public static class Csv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static string Figures(IEnumerable<CurrentFigure> figures) => Write(
        ["platform", "metric", "value", "unit", "qualifier", "as_of", "as_of_since", "claim_id", "source_id", "source_title", "source_published",
         "supporting", "compatible", "conflicts", "forecasts", "excluded"],
        figures.Select(f => new[]
        {
            f.Platform, f.Metric, ClaimFormat.Value(f.Value), f.Unit, ClaimFormat.Enum(f.Qualifier), f.AsOf.Date.ToIsoOrNull(),
            f.AsOf.Since?.ToIsoOrNull(), f.ClaimId, f.SourceId, f.SourceTitle, f.SourcePublished.ToIsoOrNull(),
            Count(f.SupportingTotal), Count(f.CompatibleTotal), Count(f.ConflictsTotal), Count(f.ForecastsTotal), Count(f.ExcludedClaimsTotal),
        }));

    public static readonly IReadOnlyList<string> TimelineHeader =
        ["as_of", "as_of_since", "platform", "metric", "value", "unit", "qualifier", "status", "verdict", "excluded", "claim_id", "source_id",
         "source_title", "source_published"];

    public static string Timeline(IEnumerable<TimelineEntry> entries) => Write(TimelineHeader, entries.Select(TimelineRow));

    public static IReadOnlyList<string?> TimelineRow(TimelineEntry e) =>
    [
        e.AsOf.Date.ToIsoOrNull(), e.AsOf.Since?.ToIsoOrNull(), e.Platform, e.Metric, ClaimFormat.Value(e.Value), e.Unit,
        ClaimFormat.Enum(e.Qualifier), ClaimFormat.Enum(e.Status), e.LatestVerdict is { } v ? ClaimFormat.Enum(v) : null,
        e.Excluded is { } x ? ClaimFormat.Enum(x) : null, e.ClaimId, e.SourceId, e.SourceTitle, e.SourcePublished.ToIsoOrNull(),
    ];

    /// <summary>One CSV line (with its CRLF).</summary>
    public static string Line(IReadOnlyList<string?> fields)
    {
        var csv = new StringBuilder();
        AppendRow(csv, fields);
        return csv.ToString();
    }

    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var csv = new StringBuilder();
        AppendRow(csv, header);
        foreach (var row in rows)
        {
            AppendRow(csv, row);
        }

        return csv.ToString();
    }

    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        // A spreadsheet would run text starting like a formula (a title "=HYPERLINK(...)"); negative numbers stay numbers.
        if ("=+@\t\r".Contains(value[0]) || (value[0] == '-' && !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _)))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny("\",\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    private static void AppendRow(StringBuilder csv, IReadOnlyList<string?> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            csv.Append(Field(fields[i]));
        }

        csv.Append("\r\n");
    }

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);
}
