using FactLedger.EventStore.Events;

namespace FactLedger.Ledger.Claims;

/// <summary>A source was recorded as asserting a number about a platform.</summary>
/// <param name="Platform">Canonical catalog id ("whatsapp"), never an alias.</param>
/// <param name="SeedDigests">Markers of the seed-file content this event imported (see <c>SeedPlan</c>); null otherwise.</param>
[EventType("claim-asserted")]
public sealed record ClaimAsserted(
    string ClaimId,
    string SourceId,
    string Platform,
    string Metric,
    decimal Value,
    string Unit,
    Qualifier Qualifier,
    AsOf AsOf,
    IReadOnlyList<AttributionLink> Attribution,
    QuoteSpan Quote,
    IReadOnlyList<QuoteSpan> AlsoQuoted,
    Recorder RecordedBy,
    string? Notes,
    IReadOnlyList<string>? SeedDigests = null);

/// <summary>Fields of a claim were corrected; only the changed fields are set in <see cref="Changes"/>.</summary>
[EventType("claim-corrected")]
public sealed record ClaimCorrected(
    string ClaimId,
    ClaimChanges Changes,
    string Reason,
    IReadOnlyList<string>? SeedDigests = null);

[EventType("claim-reviewed")]
public sealed record ClaimReviewed(string ClaimId, Verdict Verdict, string Rationale, string Reviewer);

/// <summary>The claim should never have been recorded (misread, wrong source). It stays in the ledger, marked retracted.</summary>
[EventType("claim-retracted")]
public sealed record ClaimRetracted(string ClaimId, string Reason);
