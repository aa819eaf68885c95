using FactLedger.Ledger.Application;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Testing;

namespace FactLedger.Ledger.Tests.Integration;

/// <summary>Reads over the seeded ledger. Expected values come from the curated seed files, read independently here.</summary>
public sealed class SeedLedgerTests(LedgerWithSeedsIngested ledger) : IClassFixture<LedgerWithSeedsIngested>
{
    private const string TelegramMau100M = "liputan6-2016-telegram-100-juta.telegram-mau-100m";

    [Fact]
    public async Task Ingesting_the_seeds_registers_every_source_and_claim_in_the_files()
    {
        var sourceFiles = Directory.GetFiles(RepositoryPaths.Seeds, "*.source.json");
        var claimCount = Directory.GetFiles(RepositoryPaths.Seeds, "*.claims.json")
            .Sum(f => System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(f))!["claims"]!.AsArray().Count);

        var sources = await ledger.Queries.GetSourcesAsync();
        Assert.Equal(sourceFiles.Length, sources.Count);
        Assert.Equal(claimCount, sources.Sum(s => s.ClaimCount));
        Assert.True(ledger.Import.Appended > claimCount);
    }

    [Fact]
    public async Task Ingesting_the_same_folder_again_appends_nothing()
    {
        var before = await ledger.CountEventsAsync();
        var again = await ledger.Importer.ImportAsync(RepositoryPaths.Seeds, dryRun: false);
        Assert.True(again.UpToDate);
        Assert.Equal(0, again.Appended);
        Assert.Equal(before, await ledger.CountEventsAsync());
    }

    [Fact]
    public async Task A_dry_run_on_an_empty_ledger_plans_everything_and_writes_nothing()
    {
        await using var empty = new EmptyLedger();
        await empty.InitializeAsync();
        var plan = await empty.Importer.ImportAsync(RepositoryPaths.Seeds, dryRun: true);
        Assert.Equal(ledger.Import.Plan.Events.Count(), plan.Plan.Events.Count());
        Assert.Equal(0, await empty.CountEventsAsync());
        await empty.DisposeAsync();
    }

    [Fact]
    public async Task Current_figures_take_the_latest_as_of_and_list_forecasts_apart()
    {
        var mau = Assert.Single(await ledger.Queries.GetFiguresAsync(new FigureQuery("telegram", "monthly_active_users")));
        Assert.Equal(900_000_000m, mau.Value);
        Assert.Equal(PartialDate.OfMonth(2024, 4), mau.AsOf.Date);
        Assert.NotEmpty(mau.Forecasts);
        Assert.All(mau.Forecasts, f => Assert.Equal(Qualifier.Forecast, f.Qualifier));

        var messages = Assert.Single(await ledger.Queries.GetFiguresAsync(new FigureQuery("telegram", "messages_per_day")));
        Assert.Equal(15_000_000_000m, messages.Value);
    }

    [Fact]
    public async Task Valid_time_shows_the_figure_that_applied_on_a_date()
    {
        var march2016 = Assert.Single(await ledger.Queries.GetFiguresAsync(new FigureQuery("telegram", "monthly_active_users", ValidAt: new DateOnly(2016, 3, 1))));
        Assert.Equal(100_000_000m, march2016.Value);
        var may2020 = Assert.Single(await ledger.Queries.GetFiguresAsync(new FigureQuery("telegram", "monthly_active_users", ValidAt: new DateOnly(2020, 5, 1))));
        Assert.Equal(400_000_000m, may2020.Value);
        Assert.Empty(await ledger.Queries.GetFiguresAsync(new FigureQuery("telegram", "monthly_active_users", ValidAt: new DateOnly(2010, 1, 1))));
    }

    [Fact]
    public async Task The_timeline_lists_every_claim_in_as_of_order()
    {
        var timeline = await ledger.Queries.GetTimelineAsync("telegram", "monthly_active_users");
        var known = timeline.Where(e => e.AsOf.Date.IsKnown).Select(e => e.AsOf.Date).ToArray();
        Assert.Equal(known.Order().ToArray(), known);
        Assert.Contains(timeline, e => e.ClaimId == TelegramMau100M && e.Value == 100_000_000m);
        Assert.Contains(timeline, e => e.Value == 400_000_000m);
        Assert.Contains(timeline, e => e.Qualifier == Qualifier.Forecast);
    }

    [Fact]
    public async Task The_trail_names_the_source_the_quote_the_attribution_and_the_reasoned_correction()
    {
        var trail = await ledger.Queries.GetTrailAsync(TelegramMau100M);
        Assert.NotNull(trail);
        Assert.Equal("Liputan6.com", trail.Source.Publisher);
        Assert.Equal(PartialDate.Day(2016, 2, 24), trail.Source.Published);
        Assert.Equal(DatePrecision.Day, trail.Source.PublishedPrecision);
        Assert.Equal("id", trail.Source.Language);
        Assert.Contains("100 juta pengguna aktif bulanan", trail.Quote.Context[trail.Quote.QuoteStart..trail.Quote.QuoteEnd]);
        Assert.True(trail.Quote.QuoteMatchesText);
        Assert.Equal(["Liputan6.com", "The Verge"], trail.Attribution.Take(2).Select(a => a.Name));
        Assert.Equal([HistoryKind.Asserted, HistoryKind.Corrected], trail.History.Select(h => h.Kind));
        Assert.Contains("Outside knowledge", trail.History[1].Reason);
        Assert.Equal(PartialDate.Day(2016, 2, 23), trail.Claim.AsOf.Date);
    }

    [Fact]
    public async Task The_hash_chains_verify_clean_after_ingest()
    {
        await ledger.Store.SealAllAsync();
        var report = await ledger.Store.VerifyAsync();
        Assert.True(report.IsIntact, string.Join("; ", report.Problems.Take(3)));
        Assert.Equal(await ledger.CountEventsAsync(), report.EventsChecked);
    }
}
