using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Figures;
using FactLedger.Ledger.Persistence;
using FactLedger.Ledger.Tests.Domain;
using Npgsql;

namespace FactLedger.Ledger.Tests.Integration;

/// <summary>
/// The figure read from indexed queries (<see cref="FigureReader"/>) equals the figure <see cref="FigureCalculator"/>
/// computes from every claim in memory, on a random mix of qualifiers, dates, periods, forecasts and exclusions.
/// </summary>
public sealed class FigureReaderTests : IAsyncLifetime
{
    private const string Platform = "telegram";
    private const string Metric = "monthly_active_users";
    private readonly EmptyLedger _ledger = new();

    public Task InitializeAsync() => _ledger.InitializeAsync();

    public Task DisposeAsync() => _ledger.DisposeAsync();

    [Fact]
    public async Task Indexed_reads_give_the_in_memory_figure_now_and_on_past_days()
    {
        var claims = RandomClaims(new Random(20160224), 700);
        await WriteAsync(claims);

        foreach (DateOnly? validAt in new DateOnly?[] { null, new(2016, 2, 24), new(2016, 1, 31), new(2015, 6, 30), new(2014, 12, 31), new(2010, 1, 1) })
        {
            var expected = validAt is { } date
                ? FigureCalculator.ValidAt(Platform, Metric, claims, date)
                : FigureCalculator.Current(Platform, Metric, claims);
            var (actual, count) = await ReadAsync(validAt);
            Assert.Equal(Json(expected), Json(actual));
            if (validAt is null)
            {
                Assert.True(actual is { SupportingTotal: > 0, CompatibleTotal: > 0, ConflictsTotal: > 0, ForecastsTotal: > 0, ExcludedClaimsTotal: > 0 },
                    "The random ledger should exercise every list.");
            }
            Assert.Equal(claims.Count(c => c.Platform == Platform && c.Metric == Metric), count);
        }
    }

    [Fact]
    public async Task Valid_time_figures_of_every_key_match_the_in_memory_rules()
    {
        var claims = RandomClaims(new Random(42), 500);
        await WriteAsync(claims);
        var date = new DateOnly(2016, 1, 31);

        var expected = claims.GroupBy(c => (c.Platform, c.Metric))
            .OrderBy(g => g.Key.Platform, StringComparer.Ordinal).ThenBy(g => g.Key.Metric, StringComparer.Ordinal)
            .Select(g => FigureCalculator.ValidAt(g.Key.Platform, g.Key.Metric, g.ToArray(), date)).OfType<CurrentFigure>().ToArray();
        var actual = await _ledger.Queries.GetFiguresAsync(new Application.FigureQuery(ValidAt: date));

        Assert.Equal(2, expected.Length);
        Assert.Equal(ReadModelJson.Serialize(expected), ReadModelJson.Serialize(actual));
        Assert.Equal(ReadModelJson.Serialize(expected[..1]), ReadModelJson.Serialize(await _ledger.Queries.GetFiguresAsync(new Application.FigureQuery(Platform, "daily_active_users", date))));
    }

    [Fact]
    public async Task Each_list_keeps_the_latest_few_and_counts_them_all()
    {
        var claims = new List<ClaimView> { ClaimViews.View("figure", 100_000_000m, PartialDate.Day(2016, 2, 24), position: 1000, published: PartialDate.Day(2016, 2, 24)) };
        for (var i = 0; i < 45; i++)
        {
            claims.Add(ClaimViews.View($"support-{i:D2}", 100_000_000m, PartialDate.OfMonth(2016, 2), position: i + 1));
            claims.Add(ClaimViews.View($"conflict-{i:D2}", 300_000_000m, PartialDate.OfYear(2016), position: 100 + i));
            claims.Add(ClaimViews.View($"forecast-{i:D2}", 500_000_000m, PartialDate.OfYear(2018), qualifier: Qualifier.Forecast, position: 200 + i));
            claims.Add(ClaimViews.View($"retracted-{i:D2}", 100_000_000m, PartialDate.OfYear(2016), retracted: true, position: 300 + i));
        }

        claims.Add(ClaimViews.View("compatible", 90_000_000m, PartialDate.OfYear(2016), qualifier: Qualifier.AtLeast, position: 400));
        await WriteAsync(claims);

        var (figure, count) = await ReadAsync(null);

        Assert.NotNull(figure);
        Assert.Equal(182, count);
        Assert.Equal("figure", figure.ClaimId);
        Assert.Equal((45, 1, 45, 45, 45), (figure.SupportingTotal, figure.CompatibleTotal, figure.ConflictsTotal, figure.ForecastsTotal, figure.ExcludedClaimsTotal));
        Assert.Equal(CurrentFigure.MaxListed, figure.Supporting.Count);
        Assert.Equal(CurrentFigure.MaxListed, figure.Conflicts.Count);
        Assert.Equal(CurrentFigure.MaxListed, figure.Forecasts.Count);
        Assert.Equal(CurrentFigure.MaxListed, figure.ExcludedClaims.Count);
        Assert.Equal(["compatible"], figure.Compatible.Select(c => c.ClaimId));
        // Latest first: among equal as-of and unknown publication, the later recording position.
        Assert.Equal(Enumerable.Range(45 - CurrentFigure.MaxListed, CurrentFigure.MaxListed).Reverse().Select(i => $"support-{i:D2}"), figure.Supporting.Select(c => c.ClaimId));
        Assert.Equal(Json(FigureCalculator.Current(Platform, Metric, claims)), Json(figure));
    }

    private async Task<(CurrentFigure? Figure, int ClaimCount)> ReadAsync(DateOnly? validAt)
    {
        await using var connection = await _ledger.Store.DataSource.OpenConnectionAsync();
        return await FigureReader.ReadAsync(connection, "ledger_read.claims", Platform, Metric, validAt, CancellationToken.None);
    }

    private async Task WriteAsync(IEnumerable<ClaimView> claims)
    {
        await using var connection = await _ledger.Store.DataSource.OpenConnectionAsync();
        await ClaimsProjection.UpsertAsync(connection, "ledger_read.claims",
            [.. claims.Select(c => new ClaimRow(c, [ReadModelJson.FigureKey(c.Platform, c.Metric)]))], CancellationToken.None);
    }

    private static string Json(CurrentFigure? figure) => figure is null ? "null" : ReadModelJson.Serialize(figure);

    internal static List<ClaimView> RandomClaims(Random random, int count)
    {
        PartialDate[] dates =
        [
            PartialDate.Day(2016, 2, 24), PartialDate.Day(2016, 2, 1), PartialDate.OfMonth(2016, 2), PartialDate.OfMonth(2016, 1),
            PartialDate.OfYear(2016), PartialDate.OfYear(2015), PartialDate.Day(2015, 12, 31), PartialDate.OfMonth(2015, 6),
            PartialDate.Day(2014, 3, 1), PartialDate.Unknown,
        ];
        PartialDate?[] sinces = [null, null, null, null, PartialDate.OfMonth(2015, 5), PartialDate.OfYear(2015), PartialDate.Day(2015, 5, 10)];
        PartialDate?[] published = [null, PartialDate.Day(2016, 2, 24), PartialDate.Day(2016, 3, 1), PartialDate.OfMonth(2016, 2), PartialDate.OfYear(2016), PartialDate.Day(2015, 7, 1)];
        decimal[] values = [100_000_000m, 101_000_000m, 104_000_000m, 98_000_000m, 90_000_000m, 120_000_000m, 1_000_000_000m, -5_000_000m];
        var qualifiers = Enum.GetValues<Qualifier>();
        var claims = new List<ClaimView>();
        for (var i = 0; i < count; i++)
        {
            var metric = random.Next(10) == 0 ? "daily_active_users" : Metric;
            var asOf = dates[random.Next(dates.Length)];
            claims.Add(ClaimViews.View(
                $"claim-{random.Next(1000):D3}-{i:D4}",
                values[random.Next(values.Length)],
                asOf,
                metric: metric,
                qualifier: qualifiers[random.Next(qualifiers.Length)],
                published: published[random.Next(published.Length)],
                position: 10_000 - (i * 7 % 5_003),
                retracted: random.Next(20) == 0,
                verdict: random.Next(10) switch { 0 => Verdict.False, 1 => Verdict.Disputed, 2 => Verdict.Supported, _ => null },
                since: asOf.IsKnown ? sinces[random.Next(sinces.Length)] : null));
        }

        return claims;
    }
}
