using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Figures;
using static FactLedger.Ledger.Tests.Domain.ClaimViews;

namespace FactLedger.Ledger.Tests.Domain;

public class TimelineTests
{
    [Fact]
    public void Claims_are_in_as_of_order_unknown_last_then_by_publication()
    {
        var timeline = Timeline.Build(
        [
            View("undated-late", 1m, PartialDate.Unknown, published: PartialDate.OfYear(2020)),
            View("undated-unpublished", 1m, PartialDate.Unknown),
            View("2016-day", 1m, PartialDate.Day(2016, 2, 23), published: PartialDate.Day(2016, 2, 24)),
            View("2016-day-later-article", 1m, PartialDate.Day(2016, 2, 23), published: PartialDate.Day(2016, 3, 1)),
            View("2015-year", 1m, PartialDate.OfYear(2015)),
            View("undated-early", 1m, PartialDate.Unknown, published: PartialDate.OfYear(2016)),
            View("2016-month", 1m, PartialDate.OfMonth(2016, 2)),
        ]);

        Assert.Equal(
            ["2015-year", "2016-month", "2016-day", "2016-day-later-article", "undated-early", "undated-late", "undated-unpublished"],
            timeline.Select(e => e.ClaimId));
    }

    [Fact]
    public void Retracted_and_false_claims_stay_with_their_status()
    {
        var timeline = Timeline.Build(
        [
            View("retracted", 1m, PartialDate.OfYear(2015), retracted: true),
            View("false", 1m, PartialDate.OfYear(2016), verdict: Verdict.False),
            View("fine", 1m, PartialDate.OfYear(2017)),
        ]);

        Assert.Equal((ClaimStatus.Retracted, ExclusionReason.Retracted), (timeline[0].Status, timeline[0].Excluded));
        Assert.Equal((ClaimStatus.Active, (ExclusionReason?)ExclusionReason.RatedFalse, (Verdict?)Verdict.False), (timeline[1].Status, timeline[1].Excluded, timeline[1].LatestVerdict));
        Assert.Null(timeline[2].Excluded);
    }
}
