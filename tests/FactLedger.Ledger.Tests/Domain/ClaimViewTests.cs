using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Sources;
using static FactLedger.Ledger.Tests.Domain.Fixtures;

namespace FactLedger.Ledger.Tests.Domain;

public class ClaimViewTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    private static EventInfo Info(int version, string actor = "curator", int minutes = 0) =>
        new(T0.AddMinutes(minutes), actor, null, 100 + version, version);

    [Fact]
    public void Fold_tracks_state_status_verdict_and_history()
    {
        var asserted = Asserted();
        var corrected = new ClaimCorrected(asserted.ClaimId, new ClaimChanges(Value: 110_000_000m, AsOf: new AsOf(PartialDate.Day(2016, 2, 23))), "blog says 23 Feb");
        var reviewed = new ClaimReviewed(asserted.ClaimId, Verdict.Supported, "matches the blog", "reviewer");
        var retracted = new ClaimRetracted(asserted.ClaimId, "duplicate");

        var view = ClaimView.From(
            [(asserted, Info(1)), (corrected, Info(2, "editor", 5)), (reviewed, Info(3, "api", 10)), (retracted, Info(4, "editor", 15))],
            SourceInfo.From(Article()));

        Assert.Equal(110_000_000m, view.Value);
        Assert.Equal(PartialDate.Day(2016, 2, 23), view.AsOf.Date);
        Assert.Equal(ClaimStatus.Retracted, view.Status);
        Assert.Equal("duplicate", view.RetractionReason);
        Assert.Equal(Verdict.Supported, view.LatestVerdict);
        Assert.Equal(T0, view.RecordedAt);
        Assert.Equal(T0.AddMinutes(15), view.UpdatedAt);
        Assert.Equal(4, view.Version);
        Assert.Equal(101, view.Position);
        Assert.Equal("Telegram Kantongi 100 Juta Pengguna Aktif", view.Source.Title);
        Assert.Equal([HistoryKind.Asserted, HistoryKind.Corrected, HistoryKind.Reviewed, HistoryKind.Retracted], view.History.Select(h => h.Kind));
    }

    [Fact]
    public void Correction_history_lists_each_changed_field_from_and_to()
    {
        var asserted = Asserted();
        var corrected = new ClaimCorrected(asserted.ClaimId, new ClaimChanges(Value: 110_000_000m, AsOf: new AsOf(PartialDate.Day(2016, 2, 23))), "blog says 23 Feb");

        var entry = ClaimView.From([(asserted, Info(1)), (corrected, Info(2, "editor"))], SourceInfo.From(Article())).History[1];

        Assert.Equal("editor", entry.Actor);
        Assert.Equal("blog says 23 Feb", entry.Reason);
        Assert.Equal(
            [new FieldChange("value", "100000000", "110000000"), new FieldChange("asOf", "2016-02-24 (\"sampai saat ini\")", "2016-02-23")],
            entry.Details);
    }

    [Fact]
    public void Review_entry_names_the_reviewer_and_the_verdict_change()
    {
        var asserted = Asserted();
        var first = new ClaimReviewed(asserted.ClaimId, Verdict.Disputed, "unclear", "alice");
        var second = new ClaimReviewed(asserted.ClaimId, Verdict.False, "blog says otherwise", "bob");

        var view = ClaimView.From([(asserted, Info(1)), (first, Info(2, "api")), (second, Info(3, "api"))], SourceInfo.From(Article()));

        Assert.Equal(Verdict.False, view.LatestVerdict);
        Assert.Equal("bob", view.History[2].Actor);
        Assert.Equal([new FieldChange("verdict", "disputed", "false")], view.History[2].Details);
        Assert.Equal("blog says otherwise", view.LatestReview?.Rationale);
    }

    [Fact]
    public void A_view_round_trips_through_LedgerJson_for_storage()
    {
        var asserted = Asserted();
        var view = ClaimView.From(
            [(asserted, Info(1)), (new ClaimReviewed(asserted.ClaimId, Verdict.Misleading, "r", "alice"), Info(2))],
            SourceInfo.From(Article()));

        var json = System.Text.Json.JsonSerializer.Serialize(view, LedgerJson.Options);
        var back = System.Text.Json.JsonSerializer.Deserialize<ClaimView>(json, LedgerJson.Options)!;

        Assert.Equal(json, System.Text.Json.JsonSerializer.Serialize(back, LedgerJson.Options));
        Assert.Equal(Verdict.Misleading, back.LatestVerdict);
        Assert.Contains("\"latestVerdict\":\"misleading\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_not_starting_with_an_assertion_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => ClaimView.From([(new ClaimRetracted("x", "r"), Info(1))], SourceInfo.From(Article())));

    [Fact]
    public void ToClaim_gives_back_the_decider_state()
    {
        var asserted = Asserted();
        var view = ClaimView.From([(asserted, Info(1))], SourceInfo.From(Article()));

        Assert.True(view.ToClaim().HasSameContentAs(Claim.Evolve(null, asserted)!));
        Assert.Equal(1, view.ToClaim().Version);
    }
}
