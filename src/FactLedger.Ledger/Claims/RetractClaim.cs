using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Claims;

public sealed record RetractClaim(string ClaimId, string Reason);

public static class RetractClaimHandler
{
    /// <exception cref="LedgerValidationException">The claim is missing or already retracted, or the reason is blank.</exception>
    public static ClaimRetracted Decide(RetractClaim command, Claim? claim)
    {
        var errors = new ValidationErrors();
        if (claim is null)
        {
            errors.Add("claimId", $"Claim '{command.ClaimId}' does not exist.");
        }
        else if (claim.IsRetracted)
        {
            errors.Add("claimId", $"Claim '{command.ClaimId}' is already retracted.");
        }

        errors.Require("reason", command.Reason, "A reason");
        errors.ThrowIfAny();
        return new ClaimRetracted(command.ClaimId, command.Reason.Trim());
    }
}
