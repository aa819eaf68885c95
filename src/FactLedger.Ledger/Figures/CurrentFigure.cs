using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Figures;

/// <summary>
/// The figure in effect for a platform and metric (now, or on a date), the claim it comes from, and how the other
/// claims stand against it. See <see cref="FigureRules"/> for the rules.
/// </summary>
public sealed record CurrentFigure(
    string Platform,
    string Metric,
    decimal Value,
    string Unit,
    Qualifier Qualifier,
    AsOf AsOf,
    string ClaimId,
    string SourceId,
    string SourceTitle,
    PartialDate SourcePublished,
    IReadOnlyList<FigureClaim> Supporting,
    IReadOnlyList<FigureClaim> Compatible,
    IReadOnlyList<FigureClaim> Conflicts,
    IReadOnlyList<FigureClaim> Forecasts,
    IReadOnlyList<ExcludedClaim> ExcludedClaims);

/// <summary>Another claim as it bears on a figure.</summary>
public sealed record FigureClaim(
    string ClaimId,
    string SourceId,
    string SourceTitle,
    PartialDate SourcePublished,
    decimal Value,
    Qualifier Qualifier,
    AsOf AsOf,
    Verdict? LatestVerdict)
{
    public static FigureClaim From(ClaimView claim) =>
        new(claim.ClaimId, claim.SourceId, claim.Source.Title, claim.Source.Published, claim.Value, claim.Qualifier, claim.AsOf, claim.LatestVerdict);
}

/// <summary>A claim left out of the figures, and why.</summary>
public sealed record ExcludedClaim(string ClaimId, string SourceId, decimal Value, Qualifier Qualifier, AsOf AsOf, ExclusionReason Reason, string Why);
