using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Figures;

public enum ExclusionReason
{
    Retracted,
    RatedFalse,
}

/// <summary>What a claim can be to its platform and metric's figure, whatever the other claims say.</summary>
public enum FigureRole
{
    /// <summary>Eligible and not a forecast: may become the figure, or support or contradict it.</summary>
    Candidate,

    /// <summary>Eligible, but a prediction: listed apart, never the figure.</summary>
    Forecast,

    /// <summary>Retracted or rated false (<see cref="FigureRules.Exclusion"/>).</summary>
    Excluded,
}

/// <summary>How a claim of the figure's period bears on the figure.</summary>
public enum FigureRelation
{
    Supporting,
    Compatible,
    Conflicting,
}

/// <summary>
/// How claims about one platform and metric are weighed against each other.
/// <list type="bullet">
/// <item><b>Eligible</b>: not retracted and whose latest review is not <c>false</c>. Disputed or misleading claims stay eligible (a reviewer may still overturn them).</item>
/// <item><b>Same period</b>: both as-of dates known and their day ranges overlap, i.e. equal at the coarser precision
/// ("2016" and "2016-02-24" overlap); for periods ("since May 2015") the starts must overlap too, and a period never matches a point.</item>
/// <item><b>Materially the same value</b>: within 2 % of the larger magnitude.</item>
/// <item><b>Consistent</b>: the values the two claims allow intersect. Exact and approximate claims allow their value
/// (±2 %, ±5 % when either is approximate), at-least claims everything above, at-most claims everything below.</item>
/// <item><b>Supporting</b>: materially the same value and not a lower bound against an upper bound.
/// <b>Conflicting</b>: not consistent. Anything else (at least 100 million against 120 million) is <b>compatible</b>.</item>
/// </list>
/// </summary>
public static class FigureRules
{
    public const decimal MaterialTolerance = 0.02m;
    public const decimal ApproximateTolerance = 0.05m;

    public static ExclusionReason? Exclusion(ClaimView claim) =>
        claim.IsRetracted ? ExclusionReason.Retracted
        : claim.LatestVerdict == Verdict.False ? ExclusionReason.RatedFalse
        : null;

    public static FigureRole Role(ClaimView claim) =>
        Exclusion(claim) is not null ? FigureRole.Excluded
        : claim.Qualifier == Qualifier.Forecast ? FigureRole.Forecast
        : FigureRole.Candidate;

    /// <summary>Supporting if it <see cref="Supports"/> the figure, else compatible if <see cref="Consistent"/>, else conflicting.</summary>
    public static FigureRelation Relation(Qualifier figureQualifier, decimal figureValue, Qualifier qualifier, decimal value) =>
        Supports(figureQualifier, figureValue, qualifier, value) ? FigureRelation.Supporting
        : Consistent(figureQualifier, figureValue, qualifier, value) ? FigureRelation.Compatible
        : FigureRelation.Conflicting;

    public static string Explain(ClaimView claim, ExclusionReason reason) => reason switch
    {
        ExclusionReason.Retracted => $"retracted: {claim.RetractionReason}",
        _ => $"rated false by {claim.LatestReview?.Reviewer}: {claim.LatestReview?.Rationale}",
    };

    public static bool SamePeriod(AsOf a, AsOf b) =>
        Overlap(a.Date, b.Date) && (a.Since, b.Since) switch
        {
            (null, null) => true,
            ({ } sinceA, { } sinceB) => Overlap(sinceA, sinceB),
            _ => false,
        };

    public static bool MateriallySame(decimal a, decimal b) => Math.Abs(a - b) <= MaterialTolerance * Math.Max(Math.Abs(a), Math.Abs(b));

    public static bool Consistent(Qualifier qa, decimal a, Qualifier qb, decimal b)
    {
        var tolerance = qa == Qualifier.Approximate || qb == Qualifier.Approximate ? ApproximateTolerance : MaterialTolerance;
        var slack = tolerance * Math.Max(Math.Abs(a), Math.Abs(b));
        var (lowA, highA) = Bounds(qa, a);
        var (lowB, highB) = Bounds(qb, b);
        return lowA <= highB + slack && lowB <= highA + slack;
    }

    public static bool Supports(Qualifier qa, decimal a, Qualifier qb, decimal b) =>
        MateriallySame(a, b) && !((qa, qb) is (Qualifier.AtLeast, Qualifier.AtMost) or (Qualifier.AtMost, Qualifier.AtLeast));

    /// <summary>
    /// Orders claims latest first: a known as-of before an unknown one, then the later as-of (start day, then the
    /// finer precision), then the later publication (unknown counts as earliest), then the later recording position, then the claim id.
    /// </summary>
    public static readonly IComparer<ClaimView> LatestFirst = Comparer<ClaimView>.Create((x, y) =>
    {
        var byKnown = y.AsOf.Date.IsKnown.CompareTo(x.AsOf.Date.IsKnown);
        if (byKnown != 0)
        {
            return byKnown;
        }

        var byAsOf = y.AsOf.Date.CompareTo(x.AsOf.Date);
        if (byAsOf != 0)
        {
            return byAsOf;
        }

        var byPublished = y.Source.Published.CompareTo(x.Source.Published);
        if (byPublished != 0)
        {
            return byPublished;
        }

        var byPosition = y.Position.CompareTo(x.Position);
        return byPosition != 0 ? byPosition : string.CompareOrdinal(x.ClaimId, y.ClaimId);
    });

    private static bool Overlap(PartialDate a, PartialDate b) =>
        a.IsKnown && b.IsKnown && a.Start <= b.End && b.Start <= a.End;

    private static (decimal Low, decimal High) Bounds(Qualifier qualifier, decimal value) => qualifier switch
    {
        Qualifier.AtLeast => (value, decimal.MaxValue / 2),
        Qualifier.AtMost => (decimal.MinValue / 2, value),
        _ => (value, value),
    };
}
