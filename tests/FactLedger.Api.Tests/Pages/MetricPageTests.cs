using System.Text.RegularExpressions;
using FactLedger.Ledger.Application;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Figures;
using FactLedger.Ledger.Sources;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace FactLedger.Api.Tests.Pages;

[Collection(PagesCollection.Name)]
public sealed partial class MetricPageTests(PagesWithSeedsIngested ledger, ITestOutputHelper output)
{
    [Fact]
    public async Task Chart_and_table_have_one_entry_per_claim_of_the_metric()
    {
        await using var tab = await ledger.OpenTabAsync(output);
        var metrics = (await ledger.Anonymous.ReadJsonAsync("/api/figures")).EnumerateArray()
            .Select(f => (Platform: f.GetProperty("platform").GetString()!, Metric: f.GetProperty("metric").GetString()!))
            .ToArray();
        Assert.Contains(("telegram", "monthly_active_users"), metrics);

        foreach (var (platform, metric) in metrics)
        {
            var timeline = await ledger.Anonymous.TimelineAsync(platform, metric);
            await tab.GotoAsync($"/metric.html?platform={platform}&metric={metric}");

            var points = tab.Page.Locator("svg.chart a.point");
            await Expect(points).ToHaveCountAsync(timeline.Count);
            var pointIds = await points.EvaluateAllAsync<string[]>("points => points.map(p => p.dataset.claimId)");
            var rowIds = await tab.Page.Locator("#claims-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.claimId)");
            var expected = timeline.Select(e => e.GetProperty("claimId").GetString()!).ToArray();
            Assert.Equal(expected.Order(StringComparer.Ordinal), pointIds.Order(StringComparer.Ordinal));
            Assert.Equal(expected, rowIds);
        }
    }

    [Fact]
    public async Task A_figure_lists_its_latest_conflicts_and_says_how_many_more_the_table_holds()
    {
        // Written through the ledger's commands, not the API: 25 writes would eat into the collection's write quota.
        const int conflicting = 24;
        var commands = ledger.Service<LedgerCommands>();
        var context = new CommandContext("pages@example.org");
        var sourceId = $"pages-{Guid.NewGuid():N}"[..18];
        var sentences = Enumerable.Range(1, conflicting).Select(i => $"Survey {i:D2} counted 300 million users.").Append("The company says 100 million users.").ToArray();
        var text = string.Join(' ', sentences);
        await commands.RegisterSourceAsync(new RegisterSource(sourceId, "Line's many counts", "Pages Test Gazette", null, null, "en",
            PartialDate.Day(2021, 6, 30), null, text, null, null), context);
        for (var i = 0; i < sentences.Length; i++)
        {
            var start = text.IndexOf(sentences[i], StringComparison.Ordinal);
            await commands.AssertClaimAsync(new AssertClaim($"{sourceId}.claim-{i + 1:D2}", sourceId, "line", "monthly_active_users",
                i < conflicting ? 300_000_000m : 100_000_000m, Qualifier.Exact, new AsOf(PartialDate.Day(2021, 6, 30)),
                [new AttributionLink("Pages Test Gazette", AttributionRole.Article)], new QuoteSpan(sentences[i], start, start + sentences[i].Length), [],
                new Recorder(RecorderKind.Person, "pages"), null), context);
        }

        await ledger.CatchUpAsync();
        var figure = await ledger.Anonymous.ReadJsonAsync("/api/figures/line/monthly_active_users");
        Assert.Equal(100_000_000m, figure.GetProperty("value").GetDecimal());
        Assert.Equal(CurrentFigure.MaxListed, figure.GetProperty("conflicts").GetArrayLength());
        Assert.Equal(conflicting, figure.GetProperty("conflictsTotal").GetInt32());

        await using var tab = await ledger.OpenTabAsync(output);
        await tab.GotoAsync("/metric.html?platform=line&metric=monthly_active_users");
        await Expect(tab.Page.Locator("#current-figure .conflict-marker")).ToHaveTextAsync($" · ⚠ {conflicting} conflicting");
        var list = tab.Page.Locator("#current-figure details[data-list='conflicts']");
        await list.Locator("summary").ClickAsync();
        await Expect(list.Locator("li:not(.more)")).ToHaveCountAsync(CurrentFigure.MaxListed);
        var more = list.Locator("li.more a");
        await Expect(more).ToHaveTextAsync($"and {conflicting - CurrentFigure.MaxListed} more");
        await more.ClickAsync();
        await Expect(tab.Page).ToHaveURLAsync(new Regex("#claims-table$"));
        await Expect(tab.Page.Locator("#claims-table tbody tr")).ToHaveCountAsync(conflicting + 1);

        // With pages of three, the chart and the table are whole only if the page follows every Link rel="next".
        await using var paged = await ledger.OpenTabAsync(output);
        await paged.Page.RouteAsync(new Regex("/api/(timelines|pages/claims)/line/"), route =>
            route.ContinueAsync(new() { Url = route.Request.Url.Replace("limit=5000", "limit=3", StringComparison.Ordinal) }));
        var followed = 0;
        paged.Page.Request += (_, request) => followed += request.Url.Contains("/line/", StringComparison.Ordinal) && request.Url.Contains("after=", StringComparison.Ordinal) ? 1 : 0;
        await paged.GotoAsync("/metric.html?platform=line&metric=monthly_active_users");
        await Expect(paged.Page.Locator("svg.chart a.point")).ToHaveCountAsync(conflicting + 1);
        await Expect(paged.Page.Locator("#claims-table tbody tr td.quote")).ToHaveCountAsync(conflicting + 1);
        await Expect(paged.Page.Locator("#claims-table tbody tr td.quote").Last).Not.ToBeEmptyAsync();
        Assert.Equal(2 * ((conflicting + 1 + 2) / 3 - 1), followed);

        await tab.GotoAsync("/");
        var row = tab.Page.Locator("tr[data-platform='line'][data-metric='monthly_active_users']");
        await Expect(row.Locator(".conflict-marker")).ToHaveTextAsync($"⚠ {conflicting} conflicting");
        await Expect(row.Locator(".conflicts a.more")).ToHaveTextAsync($"({CurrentFigure.MaxListed} listed, and {conflicting - CurrentFigure.MaxListed} more)");
        await tab.ScreenshotAsync("overview-capped-conflicts");
    }

    [Fact]
    public async Task Points_carry_their_source_colour_qualifier_marker_and_a_label_naming_the_source()
    {
        await using var tab = await ledger.OpenTabAsync(output);
        await tab.GotoAsync("/metric.html?platform=telegram&metric=monthly_active_users");
        var timeline = await ledger.Anonymous.TimelineAsync("telegram", "monthly_active_users");

        var sources = timeline.Select(e => e.GetProperty("sourceId").GetString()).Distinct().Count();
        await Expect(tab.Page.Locator(".legend-group").First.Locator("li")).ToHaveCountAsync(sources);
        var colours = await tab.Page.Locator("svg.chart a.point .marker").EvaluateAllAsync<string[]>("m => m.map(x => x.getAttribute('stroke'))");
        Assert.Equal(sources, colours.Distinct().Count());

        var forecasts = timeline.Count(e => e.GetProperty("qualifier").GetString() == "forecast");
        Assert.True(forecasts > 0, "The seeds have forecasts of Telegram's monthly users.");
        await Expect(tab.Page.Locator("svg.chart a.point.forecast circle.marker.forecast[stroke-dasharray]")).ToHaveCountAsync(forecasts);
        var approximate = timeline.Count(e => e.GetProperty("qualifier").GetString() == "approximate");
        await Expect(tab.Page.Locator("svg.chart a.point .marker-glyph")).ToHaveCountAsync(approximate);

        var first = timeline[0];
        var label = await tab.Page.Locator($"svg.chart a.point[data-claim-id='{first.GetProperty("claimId").GetString()}']").GetAttributeAsync("aria-label");
        Assert.Contains(first.GetProperty("sourceTitle").GetString()!, label);
        Assert.Contains("60 M users", label);
        await tab.ScreenshotAsync("metric-telegram-monthly-active-users");
    }

    [Fact]
    public async Task Log_scale_toggle_redraws_every_point_on_a_logarithmic_axis()
    {
        await using var tab = await ledger.OpenTabAsync(output);
        await tab.GotoAsync("/metric.html?platform=telegram&metric=monthly_active_users");
        var count = await tab.Page.Locator("svg.chart a.point").CountAsync();
        var linearY = await PointYAsync(tab.Page);

        await tab.Page.GetByLabel("Log", new() { Exact = true }).CheckAsync();

        await Expect(tab.Page.Locator("svg.chart .axis-title").First).ToHaveTextAsync("value (log scale)");
        await Expect(tab.Page.Locator("svg.chart a.point")).ToHaveCountAsync(count);
        await Expect(tab.Page).ToHaveURLAsync(LogScaleUrl());
        Assert.NotEqual(linearY, await PointYAsync(tab.Page));
        await tab.ScreenshotAsync("metric-log-scale");

        await tab.Page.ReloadAsync();
        await Expect(tab.Page.GetByLabel("Log", new() { Exact = true })).ToBeCheckedAsync();
    }

    [Fact]
    public async Task Claims_with_an_unknown_or_coarse_as_of_still_get_a_point_each()
    {
        const string text = "Viber had 260 million monthly active users in 2019, up from 200 million monthly active users, at a date the company never gave.";
        await ledger.FactChecker.CreateSourceWithClaimsAsync("Viber's counts", text, "viber", "monthly_active_users",
            [("260 million monthly active users", 260_000_000m), ("200 million monthly active users", 200_000_000m)], asOfDates: ["2019", null]);

        await using var tab = await ledger.OpenTabAsync(output);
        await tab.GotoAsync("/metric.html?platform=viber&metric=monthly_active_users");

        await Expect(tab.Page.Locator("svg.chart a.point")).ToHaveCountAsync(2);
        await Expect(tab.Page.Locator("svg.chart .grid text", new() { HasText = "undated" })).ToHaveCountAsync(1);
        await Expect(tab.Page.Locator("svg.chart .whiskers line")).ToHaveCountAsync(1);
        await Expect(tab.Page.Locator("#claims-table tbody tr").Last.Locator("td.as-of")).ToHaveTextAsync("unknown");
        await tab.ScreenshotAsync("metric-undated-and-year-precision");
    }

    [Fact]
    public async Task Unknown_metric_shows_the_api_problem()
    {
        await using var tab = await ledger.OpenTabAsync(output);
        await tab.GotoAsync("/metric.html?platform=telegram&metric=no_such_metric");

        await Expect(tab.Page.Locator(".problem")).ToContainTextAsync("Unknown metric 'no_such_metric'");
        await Expect(tab.Page.Locator(".problem-title")).ToContainTextAsync("(404)");
    }

    private static Task<double[]> PointYAsync(IPage page) =>
        page.Locator("svg.chart a.point circle.focus-ring").EvaluateAllAsync<double[]>("c => c.map(x => Number(x.getAttribute('cy')))");

    [GeneratedRegex("scale=log")]
    private static partial Regex LogScaleUrl();
}
