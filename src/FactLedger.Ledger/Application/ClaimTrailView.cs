using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Figures;

namespace FactLedger.Ledger.Application;

/// <summary>A claim's provenance trail as the CLI's <c>--json</c> and the API return it: the claim itself, then its trail.</summary>
public sealed record ClaimTrailView(
    ClaimView Claim,
    TrailSource Source,
    QuoteInContext Quote,
    IReadOnlyList<QuoteInContext> AlsoQuoted,
    IReadOnlyList<AttributionLink> Attribution,
    DateTimeOffset RecordedAt,
    Recorder RecordedBy,
    ClaimStatus Status,
    Verdict? LatestVerdict,
    IReadOnlyList<ClaimHistoryEntry> History)
{
    public static ClaimTrailView From(ClaimView claim, ClaimTrail trail) =>
        new(claim, trail.Source, trail.Quote, trail.AlsoQuoted, trail.Attribution, trail.RecordedAt, trail.RecordedBy, trail.Status, trail.LatestVerdict, trail.History);
}
