using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Figures;
using static FactLedger.Ledger.Tests.Domain.ClaimViews;

namespace FactLedger.Ledger.Tests.Domain;

public class FigureCalculatorTests
{
    private static CurrentFigure? Current(params ClaimView[] claims) => FigureCalculator.Current("telegram", "monthly_active_users", claims);

    [Fact]
    public void Latest_as_of_wins()
    {
        var figure = Current(
            View("a", 100e6m, PartialDate.Day(2016, 2, 23)),
            View("b", 400e6m, PartialDate.Day(2020, 4, 24)),
            View("c", 200e6m, PartialDate.OfMonth(2018, 3)))!;

        Assert.Equal("b", figure.ClaimId);
        Assert.Equal(400e6m, figure.Value);
        Assert.Equal("source-of-b", figure.SourceId);
    }

    [Fact]
    public void Retracted_and_false_rated_claims_are_excluded_with_why()
    {
        var figure = Current(
            View("old", 100e6m, PartialDate.OfYear(2016)),
            View("retracted", 900e6m, PartialDate.OfYear(2024), retracted: true),
            View("false", 800e6m, PartialDate.OfYear(2023), verdict: Verdict.False),
            View("disputed", 200e6m, PartialDate.OfYear(2018), verdict: Verdict.Disputed))!;

        Assert.Equal("disputed", figure.ClaimId);
        Assert.Equal(["retracted", "false"], figure.ExcludedClaims.Select(e => e.ClaimId));
        Assert.Equal([ExclusionReason.Retracted, ExclusionReason.RatedFalse], figure.ExcludedClaims.Select(e => e.Reason));
        Assert.Contains("misread", figure.ExcludedClaims[0].Why);
        Assert.Contains("reviewer", figure.ExcludedClaims[1].Why);
    }

    [Fact]
    public void Forecasts_are_listed_but_never_current()
    {
        var figure = Current(
            View("level", 900e6m, PartialDate.OfMonth(2024, 4)),
            View("target", 1e9m, PartialDate.OfMonth(2025, 4), qualifier: Qualifier.Forecast))!;

        Assert.Equal("level", figure.ClaimId);
        Assert.Equal(["target"], figure.Forecasts.Select(f => f.ClaimId));
        Assert.Null(Current(View("target", 1e9m, PartialDate.OfMonth(2025, 4), qualifier: Qualifier.Forecast)));
    }

    [Fact]
    public void Equal_as_of_is_decided_by_later_publication_then_later_recording()
    {
        var asOf = PartialDate.Day(2016, 2, 23);

        Assert.Equal("later-article", Current(
            View("earlier-article", 100e6m, asOf, published: PartialDate.Day(2016, 2, 24), position: 9),
            View("later-article", 100e6m, asOf, published: PartialDate.Day(2016, 3, 1), position: 1))!.ClaimId);
        Assert.Equal("recorded-later", Current(
            View("recorded-first", 100e6m, asOf, published: PartialDate.Day(2016, 2, 24), position: 1),
            View("recorded-later", 100e6m, asOf, published: PartialDate.Day(2016, 2, 24), position: 2))!.ClaimId);
    }

    [Fact]
    public void Same_period_claims_are_supporting_compatible_or_conflicting()
    {
        var figure = Current(
            View("chosen", 100e6m, PartialDate.Day(2016, 2, 23), published: PartialDate.Day(2016, 2, 24)),
            View("same-within-2pct", 101e6m, PartialDate.OfMonth(2016, 2)),
            View("approximate", 100e6m, PartialDate.Day(2016, 2, 23), qualifier: Qualifier.Approximate),
            View("lower-bound", 90e6m, PartialDate.OfYear(2016), qualifier: Qualifier.AtLeast),
            View("different", 60e6m, PartialDate.OfMonth(2016, 2)),
            View("other-day", 60e6m, PartialDate.Day(2016, 2, 20)),
            View("upper-bound-too-low", 80e6m, PartialDate.Day(2016, 2, 23), qualifier: Qualifier.AtMost),
            View("other-period", 60e6m, PartialDate.OfYear(2015)))!;

        Assert.Equal("chosen", figure.ClaimId);
        Assert.Equal(["approximate", "same-within-2pct"], figure.Supporting.Select(c => c.ClaimId).Order());
        Assert.Equal(["lower-bound"], figure.Compatible.Select(c => c.ClaimId));
        Assert.Equal(["different", "upper-bound-too-low"], figure.Conflicts.Select(c => c.ClaimId).Order());
    }

    [Fact]
    public void Materiality_uses_two_percent_and_approximate_claims_get_five()
    {
        Assert.True(FigureRules.MateriallySame(100m, 102m));
        Assert.False(FigureRules.MateriallySame(100m, 103m));
        Assert.False(FigureRules.Consistent(Qualifier.Exact, 100m, Qualifier.Exact, 104m));
        Assert.True(FigureRules.Consistent(Qualifier.Approximate, 100m, Qualifier.Exact, 104m));
        Assert.True(FigureRules.Consistent(Qualifier.AtLeast, 100m, Qualifier.Exact, 500m));
        Assert.False(FigureRules.Consistent(Qualifier.AtLeast, 100m, Qualifier.AtMost, 50m));
        Assert.False(FigureRules.Supports(Qualifier.AtLeast, 100m, Qualifier.AtMost, 100m));
    }

    [Fact]
    public void Periods_overlap_only_with_periods()
    {
        var growth = new AsOf(PartialDate.Day(2016, 2, 24), PartialDate.OfMonth(2015, 5));

        Assert.True(FigureRules.SamePeriod(growth, new AsOf(PartialDate.OfMonth(2016, 2), PartialDate.OfYear(2015))));
        Assert.False(FigureRules.SamePeriod(growth, new AsOf(PartialDate.Day(2016, 2, 24))));
        Assert.False(FigureRules.SamePeriod(new AsOf(PartialDate.Unknown), new AsOf(PartialDate.Unknown)));
    }

    [Fact]
    public void Change_metrics_are_never_mixed_with_levels()
    {
        ClaimView[] claims =
        [
            View("level", 100e6m, PartialDate.Day(2016, 2, 23)),
            View("gain", 38e6m, PartialDate.Day(2016, 2, 24), metric: "monthly_active_users_change", since: PartialDate.OfMonth(2015, 5)),
        ];

        var level = FigureCalculator.Current("telegram", "monthly_active_users", claims)!;
        var change = FigureCalculator.Current("telegram", "monthly_active_users_change", claims)!;

        Assert.Equal("level", level.ClaimId);
        Assert.Empty(level.Conflicts);
        Assert.Equal("gain", change.ClaimId);
        Assert.Equal(PartialDate.OfMonth(2015, 5), change.AsOf.Since);
    }

    [Fact]
    public void Other_platforms_and_unknown_as_of_do_not_win()
    {
        var figure = Current(
            View("whatsapp", 2e9m, PartialDate.OfYear(2024), platform: "whatsapp"),
            View("undated", 400e6m, PartialDate.Unknown),
            View("dated", 60e6m, PartialDate.OfYear(2015)))!;

        Assert.Equal("dated", figure.ClaimId);
        Assert.Equal("undated", Current(View("undated", 400e6m, PartialDate.Unknown))!.ClaimId);
    }

    [Fact]
    public void ValidAt_gives_the_latest_as_of_started_by_that_date()
    {
        ClaimView[] claims =
        [
            View("2015", 60e6m, PartialDate.OfMonth(2015, 9)),
            View("2016", 100e6m, PartialDate.Day(2016, 2, 23)),
            View("2018", 200e6m, PartialDate.OfMonth(2018, 3)),
            View("2017-false", 150e6m, PartialDate.OfYear(2017), verdict: Verdict.False),
            View("undated", 400e6m, PartialDate.Unknown),
        ];

        Assert.Equal("2016", FigureCalculator.ValidAt("telegram", "monthly_active_users", claims, new DateOnly(2017, 6, 1))!.ClaimId);
        Assert.Equal("2016", FigureCalculator.ValidAt("telegram", "monthly_active_users", claims, new DateOnly(2016, 2, 23))!.ClaimId);
        Assert.Equal("2015", FigureCalculator.ValidAt("telegram", "monthly_active_users", claims, new DateOnly(2016, 2, 22))!.ClaimId);
        Assert.Equal("2018", FigureCalculator.ValidAt("telegram", "monthly_active_users", claims, new DateOnly(2018, 3, 1))!.ClaimId);
        Assert.Null(FigureCalculator.ValidAt("telegram", "monthly_active_users", claims, new DateOnly(2015, 8, 31)));
    }
}
