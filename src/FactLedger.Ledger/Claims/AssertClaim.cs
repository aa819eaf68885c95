using FactLedger.Ledger.Catalog;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Sources;

namespace FactLedger.Ledger.Claims;

/// <param name="Platform">A catalog id, name or alias ("WA"); the event stores the canonical id.</param>
/// <param name="Unit">Defaults to the metric's unit; any other unit is rejected.</param>
public sealed record AssertClaim(
    string ClaimId,
    string SourceId,
    string Platform,
    string Metric,
    decimal Value,
    Qualifier Qualifier,
    AsOf AsOf,
    IReadOnlyList<AttributionLink> Attribution,
    QuoteSpan Quote,
    IReadOnlyList<QuoteSpan> AlsoQuoted,
    Recorder RecordedBy,
    string? Notes,
    string? Unit = null,
    IReadOnlyList<string>? SeedDigests = null);

public static class AssertClaimHandler
{
    /// <exception cref="LedgerValidationException">
    /// The claim exists, the source is not registered, the platform or metric is unknown, the value, unit,
    /// quotes or as-of date break a rule.
    /// </exception>
    public static ClaimAsserted Decide(AssertClaim command, Claim? existing, Source? source, PlatformCatalog catalog)
    {
        var errors = new ValidationErrors();
        Slug.CheckPath(errors, "claimId", command.ClaimId);
        if (existing is not null)
        {
            errors.Add("claimId", $"Claim '{command.ClaimId}' already exists.");
        }

        if (source is null)
        {
            errors.Add("sourceId", $"Source '{command.SourceId}' is not registered.");
        }

        var platform = ClaimRules.ResolvePlatform(errors, catalog, command.Platform);
        var metric = ClaimRules.ResolveMetric(errors, catalog, command.Metric);
        var claim = new Claim(
            command.ClaimId,
            command.SourceId,
            platform ?? command.Platform,
            metric?.Id ?? command.Metric,
            command.Value,
            string.IsNullOrWhiteSpace(command.Unit) ? metric?.Unit ?? "" : command.Unit.Trim(),
            command.Qualifier,
            command.AsOf,
            command.Attribution ?? [],
            command.Quote,
            command.AlsoQuoted ?? [],
            command.RecordedBy,
            string.IsNullOrWhiteSpace(command.Notes) ? null : command.Notes.Trim());
        if (source is not null)
        {
            ClaimRules.CheckContent(errors, claim, metric, source);
        }

        errors.ThrowIfAny();
        return new ClaimAsserted(
            claim.ClaimId, claim.SourceId, claim.Platform, claim.Metric, claim.Value, claim.Unit, claim.Qualifier, claim.AsOf,
            claim.Attribution, claim.Quote, claim.AlsoQuoted, claim.RecordedBy, claim.Notes, command.SeedDigests);
    }
}
