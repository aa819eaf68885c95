using FactLedger.Ledger.Claims;
using static FactLedger.Ledger.Tests.Domain.Fixtures;

namespace FactLedger.Ledger.Tests.Domain;

public class ReviewAndRetractTests
{
    [Fact]
    public void Review_records_the_verdict_in_the_state()
    {
        var e = ReviewClaimHandler.Decide(new ReviewClaim("telegram-mau-100m", Verdict.Disputed, "the blog says 23 Feb", "checker"), TelegramClaim());

        Assert.Equal(Verdict.Disputed, Claim.Evolve(TelegramClaim(), e)!.LatestVerdict);
    }

    [Fact]
    public void Review_needs_a_claim_a_rationale_a_reviewer_and_a_known_verdict()
    {
        var failure = Invalid(() => ReviewClaimHandler.Decide(new ReviewClaim("x", (Verdict)42, " ", ""), null));

        HasError(failure, "claimId", "does not exist");
        HasError(failure, "verdict", "supported");
        HasError(failure, "rationale", "required");
        HasError(failure, "reviewer", "required");
    }

    [Fact]
    public void Retraction_marks_the_claim_retracted()
    {
        var e = RetractClaimHandler.Decide(new RetractClaim("telegram-mau-100m", "wrong article"), TelegramClaim());

        var claim = Claim.Evolve(TelegramClaim(), e)!;

        Assert.True(claim.IsRetracted);
        Assert.Equal("wrong article", claim.RetractionReason);
    }

    [Fact]
    public void Retraction_needs_an_active_claim_and_a_reason()
    {
        HasError(Invalid(() => RetractClaimHandler.Decide(new RetractClaim("x", "r"), null)), "claimId", "does not exist");
        HasError(Invalid(() => RetractClaimHandler.Decide(new RetractClaim("x", "r"), TelegramClaim() with { IsRetracted = true })), "claimId", "already retracted");
        HasError(Invalid(() => RetractClaimHandler.Decide(new RetractClaim("x", ""), TelegramClaim())), "reason", "required");
    }
}
