using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Figures;

/// <summary>
/// The figure in effect for a platform and metric (now, or on a date), the claim it comes from, and how the other
/// claims stand against it. See <see cref="FigureRules"/> for the rules. Each list holds at most
/// <see cref="MaxListed"/> claims, latest first (<see cref="FigureRules.LatestFirst"/>), and its <c>*Total</c> counts
/// them all: the timeline of the platform and metric has every claim.
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
    int SupportingTotal,
    IReadOnlyList<FigureClaim> Compatible,
    int CompatibleTotal,
    IReadOnlyList<FigureClaim> Conflicts,
    int ConflictsTotal,
    IReadOnlyList<FigureClaim> Forecasts,
    int ForecastsTotal,
    IReadOnlyList<ExcludedClaim> ExcludedClaims,
    int ExcludedClaimsTotal)
{
    /// <summary>
    /// Claims listed per list. Keeps a figure document (and every read of it) the same size however many claims
    /// repeat or contradict a figure, and already full in a young ledger: a figure is a summary, the latest few claims
    /// with each list's total, and the timeline pages through the rest.
    /// </summary>
    public const int MaxListed = 5;
}

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
