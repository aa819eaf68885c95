using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Figures;

/// <summary>One claim on a timeline, whatever its status; <see cref="Excluded"/> says why figures ignore it.</summary>
public sealed record TimelineEntry(
    string ClaimId,
    string SourceId,
    string SourceTitle,
    PartialDate SourcePublished,
    string Platform,
    string Metric,
    decimal Value,
    string Unit,
    Qualifier Qualifier,
    AsOf AsOf,
    ClaimStatus Status,
    Verdict? LatestVerdict,
    ExclusionReason? Excluded);

public static class Timeline
{
    /// <summary>
    /// Entries per page when the client does not say. Small enough that a first page costs the same for a young
    /// timeline as for one of tens of thousands of claims; clients that want everything ask for <see cref="MaxPageSize"/>.
    /// </summary>
    public const int DefaultPageSize = 100;

    /// <summary>The most entries one page may hold: bounds one response's size and the server's work for it.</summary>
    public const int MaxPageSize = 5_000;

    /// <summary>
    /// Every claim, oldest as-of first (start day, then precision), unknown as-of last; ties by publication date
    /// (unknown last), then recording position, then id.
    /// </summary>
    public static IReadOnlyList<TimelineEntry> Build(IEnumerable<ClaimView> claims) =>
    [
        .. claims
            .OrderBy(c => !c.AsOf.Date.IsKnown)
            .ThenBy(c => c.AsOf.Date)
            .ThenBy(c => !c.Source.Published.IsKnown)
            .ThenBy(c => c.Source.Published)
            .ThenBy(c => c.Position)
            .ThenBy(c => c.ClaimId, StringComparer.Ordinal)
            .Select(Entry),
    ];

    /// <summary>
    /// The page of <see cref="Build"/>'s order after <paramref name="after"/>, from claims in memory (ledger time).
    /// <see cref="TimelineCursor"/> orders exactly as <see cref="Build"/> does.
    /// </summary>
    public static TimelinePage Page(IEnumerable<ClaimView> claims, TimelineCursor? after, int limit)
    {
        var rest = claims.Select(c => (Claim: c, Key: TimelineCursor.Of(c)))
            .Where(c => after is null || c.Key.CompareTo(after) > 0)
            .OrderBy(c => c.Key)
            .Take(limit + 1)
            .ToArray();
        var page = rest.Take(limit).ToArray();
        return new TimelinePage([.. page.Select(c => Entry(c.Claim))], rest.Length > limit ? page[^1].Key : null);
    }

    public static TimelineEntry Entry(ClaimView c) => new(
        c.ClaimId, c.SourceId, c.Source.Title, c.Source.Published, c.Platform, c.Metric, c.Value, c.Unit, c.Qualifier, c.AsOf,
        c.Status, c.LatestVerdict, FigureRules.Exclusion(c));
}
