using FactLedger.Ledger.Claims;

namespace FactLedger.Ledger.Figures;

/// <summary>
/// Chooses the figure in effect from claims about one platform and metric (canonical ids; a change metric is a
/// different metric from its level, so the two never mix). Retracted and false-rated claims are excluded, forecasts
/// are listed but never chosen, and among the rest the latest as-of wins (<see cref="FigureRules.LatestFirst"/>).
/// </summary>
public static class FigureCalculator
{
    /// <summary>The figure in effect now, or null when no eligible, non-forecast claim exists.</summary>
    public static CurrentFigure? Current(string platform, string metric, IReadOnlyCollection<ClaimView> claims) =>
        Choose(platform, metric, claims, _ => true);

    /// <summary>The figure that applied on <paramref name="date"/>: the latest eligible as-of that had begun by then.</summary>
    public static CurrentFigure? ValidAt(string platform, string metric, IReadOnlyCollection<ClaimView> claims, DateOnly date) =>
        Choose(platform, metric, claims, c => c.AsOf.Date.IsKnown && c.AsOf.Date.Start <= date);

    private static CurrentFigure? Choose(string platform, string metric, IReadOnlyCollection<ClaimView> claims, Func<ClaimView, bool> inEffect)
    {
        var relevant = claims.Where(c => c.Platform == platform && c.Metric == metric).ToArray();
        var eligible = relevant.Where(c => FigureRules.Exclusion(c) is null).ToArray();
        var candidates = eligible.Where(c => c.Qualifier != Qualifier.Forecast && inEffect(c)).Order(FigureRules.LatestFirst).ToArray();
        if (candidates.Length == 0)
        {
            return null;
        }

        var chosen = candidates[0];
        var samePeriod = candidates.Skip(1).Where(c => FigureRules.SamePeriod(chosen.AsOf, c.AsOf)).ToArray();
        return new CurrentFigure(
            platform,
            metric,
            chosen.Value,
            chosen.Unit,
            chosen.Qualifier,
            chosen.AsOf,
            chosen.ClaimId,
            chosen.SourceId,
            chosen.Source.Title,
            chosen.Source.Published,
            Supporting: Pick(samePeriod, c => FigureRules.Supports(chosen.Qualifier, chosen.Value, c.Qualifier, c.Value)),
            Compatible: Pick(samePeriod, c => !FigureRules.Supports(chosen.Qualifier, chosen.Value, c.Qualifier, c.Value)
                && FigureRules.Consistent(chosen.Qualifier, chosen.Value, c.Qualifier, c.Value)),
            Conflicts: Pick(samePeriod, c => !FigureRules.Consistent(chosen.Qualifier, chosen.Value, c.Qualifier, c.Value)),
            Forecasts: [.. eligible.Where(c => c.Qualifier == Qualifier.Forecast).Order(FigureRules.LatestFirst).Select(FigureClaim.From)],
            ExcludedClaims: [.. relevant.Order(FigureRules.LatestFirst).Select(Excluded).OfType<ExcludedClaim>()]);
    }

    private static FigureClaim[] Pick(IEnumerable<ClaimView> claims, Func<ClaimView, bool> predicate) =>
        [.. claims.Where(predicate).Select(FigureClaim.From)];

    private static ExcludedClaim? Excluded(ClaimView claim) =>
        FigureRules.Exclusion(claim) is { } reason
            ? new ExcludedClaim(claim.ClaimId, claim.SourceId, claim.Value, claim.Qualifier, claim.AsOf, reason, FigureRules.Explain(claim, reason))
            : null;
}
