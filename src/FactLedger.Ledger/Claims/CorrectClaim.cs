using FactLedger.Ledger.Catalog;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Sources;

namespace FactLedger.Ledger.Claims;

public sealed record CorrectClaim(string ClaimId, ClaimChanges Changes, string Reason, IReadOnlyList<string>? SeedDigests = null);

public static class CorrectClaimHandler
{
    /// <summary>
    /// Corrects an active claim. The platform may be given as an alias; a new metric without a unit takes the
    /// metric's unit. Fields equal to their current value are dropped from the event, and the corrected claim must
    /// pass every rule an asserted claim must pass.
    /// </summary>
    /// <param name="source">The claim's source, needed to check quotes and dates.</param>
    /// <exception cref="LedgerValidationException">The claim is missing or retracted, the reason is blank, nothing changes, or the result is invalid.</exception>
    public static ClaimCorrected Decide(CorrectClaim command, Claim? claim, Source? source, PlatformCatalog catalog)
    {
        var errors = new ValidationErrors();
        if (claim is null)
        {
            errors.Add("claimId", $"Claim '{command.ClaimId}' does not exist.");
        }
        else if (claim.IsRetracted)
        {
            errors.Add("claimId", $"Claim '{command.ClaimId}' is retracted and can no longer be corrected.");
        }

        errors.Require("reason", command.Reason, "A reason");
        var changes = command.Changes ?? new ClaimChanges();
        foreach (var field in changes.Cleared ?? [])
        {
            if (!ClaimChanges.ClearableFields.Contains(field, StringComparer.Ordinal))
            {
                errors.Add("cleared", $"'{field}' cannot be cleared; clearable fields: {string.Join(", ", ClaimChanges.ClearableFields)}.");
            }
            else if (changes.Notes is not null)
            {
                errors.Add("notes", "'notes' is both set and cleared.");
            }
        }

        errors.ThrowIfAny();
        var current = claim!;
        changes = Resolve(errors, changes, current, catalog);
        var corrected = current.Apply(changes);
        var effective = current.DifferenceTo(corrected);
        if (effective.IsEmpty)
        {
            errors.Add("changes", "The correction changes nothing.");
        }

        if (source is null)
        {
            errors.Add("sourceId", $"Source '{current.SourceId}' of claim '{current.ClaimId}' is not registered.");
        }
        else if (!errors.Any)
        {
            ClaimRules.CheckContent(errors, corrected, catalog.FindMetric(corrected.Metric), source);
        }

        errors.ThrowIfAny();
        return new ClaimCorrected(command.ClaimId, effective, command.Reason.Trim(), command.SeedDigests);
    }

    private static ClaimChanges Resolve(ValidationErrors errors, ClaimChanges changes, Claim current, PlatformCatalog catalog)
    {
        var platform = changes.Platform is null ? null : ClaimRules.ResolvePlatform(errors, catalog, changes.Platform);
        var metric = changes.Metric is null ? null : ClaimRules.ResolveMetric(errors, catalog, changes.Metric);
        var unit = string.IsNullOrWhiteSpace(changes.Unit) ? null : changes.Unit.Trim();
        if (unit is null && metric is not null && metric.Id != current.Metric)
        {
            unit = metric.Unit;
        }

        return changes with
        {
            Platform = platform,
            Metric = metric?.Id,
            Unit = unit,
            Notes = string.IsNullOrWhiteSpace(changes.Notes) ? null : changes.Notes.Trim(),
        };
    }
}
