using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Claims;

public sealed record ReviewClaim(string ClaimId, Verdict Verdict, string Rationale, string Reviewer);

public static class ReviewClaimHandler
{
    /// <summary>Records a verdict; a retracted claim may still be reviewed, the review only adds to its history.</summary>
    /// <exception cref="LedgerValidationException">The claim is missing, the verdict unknown, or the rationale or reviewer blank.</exception>
    public static ClaimReviewed Decide(ReviewClaim command, Claim? claim)
    {
        var errors = new ValidationErrors();
        if (claim is null)
        {
            errors.Add("claimId", $"Claim '{command.ClaimId}' does not exist.");
        }

        if (!Enum.IsDefined(command.Verdict))
        {
            errors.Add("verdict", $"'{command.Verdict}' is not a verdict; use one of: {string.Join(", ", Enum.GetNames<Verdict>().Select(n => n.ToLowerInvariant()))}.");
        }

        errors.Require("rationale", command.Rationale, "A rationale");
        errors.Require("reviewer", command.Reviewer, "A reviewer");
        errors.ThrowIfAny();
        return new ClaimReviewed(command.ClaimId, command.Verdict, command.Rationale.Trim(), command.Reviewer.Trim());
    }
}
