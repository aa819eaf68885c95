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
            .Select(c => new TimelineEntry(
                c.ClaimId, c.SourceId, c.Source.Title, c.Source.Published, c.Platform, c.Metric, c.Value, c.Unit, c.Qualifier, c.AsOf,
                c.Status, c.LatestVerdict, FigureRules.Exclusion(c))),
    ];
}
