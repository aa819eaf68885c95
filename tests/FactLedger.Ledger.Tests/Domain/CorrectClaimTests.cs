using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using static FactLedger.Ledger.Tests.Domain.Fixtures;

namespace FactLedger.Ledger.Tests.Domain;

public class CorrectClaimTests
{
    private static ClaimCorrected Correct(ClaimChanges changes, Claim? claim = null) =>
        CorrectClaimHandler.Decide(new CorrectClaim("telegram-mau-100m", changes, "re-read the article"), claim ?? TelegramClaim(), Article(), BuiltIn);

    private static LedgerValidationException Reject(ClaimChanges changes, Claim? claim = null, string reason = "r") =>
        Invalid(() => CorrectClaimHandler.Decide(new CorrectClaim("telegram-mau-100m", changes, reason), claim ?? TelegramClaim(), Article(), BuiltIn));

    [Fact]
    public void Fields_equal_to_the_current_value_are_dropped()
    {
        var e = Correct(new ClaimChanges(Platform: "TG", Value: 100_000_000.0m, Qualifier: Qualifier.Approximate));

        Assert.Null(e.Changes.Platform);
        Assert.Null(e.Changes.Value);
        Assert.Equal(Qualifier.Approximate, e.Changes.Qualifier);
        Assert.Equal(["qualifier"], e.Changes.FieldNames);
    }

    [Fact]
    public void Correction_that_changes_nothing_is_rejected() =>
        HasError(Reject(new ClaimChanges(Platform: "telegram", Metric: "monthly_active_users")), "changes", "changes nothing");

    [Fact]
    public void Reason_is_required() =>
        HasError(Reject(new ClaimChanges(Value: 5m), reason: " "), "reason", "required");

    [Fact]
    public void Claim_must_exist_and_be_active()
    {
        HasError(Invalid(() => CorrectClaimHandler.Decide(new CorrectClaim("x", new ClaimChanges(Value: 5m), "r"), null, Article(), BuiltIn)), "claimId", "does not exist");
        HasError(Reject(new ClaimChanges(Value: 5m), TelegramClaim() with { IsRetracted = true }), "claimId", "retracted");
    }

    [Fact]
    public void Corrected_claim_must_pass_the_assert_rules()
    {
        HasError(Reject(new ClaimChanges(Platform: "Telegrem")), "platform", "Unknown platform");
        HasError(Reject(new ClaimChanges(Value: -1m)), "value", "positive");
        HasError(Reject(new ClaimChanges(AsOf: new AsOf(PartialDate.OfYear(2017)))), "asOf.date", "after");
        HasError(Reject(new ClaimChanges(Quote: new QuoteSpan("100 juta", 0, 8))), "quote", "occurs at");
        HasError(Reject(new ClaimChanges(Unit: "messages/day")), "unit");
    }

    [Fact]
    public void New_metric_takes_its_unit_and_alias_becomes_the_canonical_id()
    {
        var e = Correct(new ClaimChanges(Platform: "WA", Metric: "messages_per_day"));

        Assert.Equal("whatsapp", e.Changes.Platform);
        Assert.Equal("messages/day", e.Changes.Unit);
    }

    [Fact]
    public void Notes_are_cleared_through_the_cleared_list()
    {
        var claim = TelegramClaim() with { Notes = "old" };

        var e = Correct(new ClaimChanges(Cleared: ["notes"]), claim);

        Assert.Null(claim.Apply(e.Changes).Notes);
        HasError(Reject(new ClaimChanges(Cleared: ["value"])), "cleared", "cannot be cleared");
    }

    [Fact]
    public void Fold_applies_the_correction_and_keeps_the_rest()
    {
        var asserted = Asserted();
        var corrected = Correct(new ClaimChanges(AsOf: new AsOf(PartialDate.Day(2016, 2, 23))));

        var claim = Claim.Fold([asserted, corrected])!;

        Assert.Equal(PartialDate.Day(2016, 2, 23), claim.AsOf.Date);
        Assert.Equal(asserted.Quote, claim.Quote);
        Assert.Equal(2, claim.Version);
    }
}
