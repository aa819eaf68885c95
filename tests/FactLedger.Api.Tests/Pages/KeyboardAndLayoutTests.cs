using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace FactLedger.Api.Tests.Pages;

[Collection(PagesCollection.Name)]
public sealed class KeyboardAndLayoutTests(PagesWithSeedsIngested ledger, ITestOutputHelper output)
{
    private const string MetricPage = "/metric.html?platform=telegram&metric=monthly_active_users";

    private static Task<bool> FocusedMatchesAsync(IPage page, string selector) =>
        page.EvaluateAsync<bool>("selector => document.activeElement?.matches(selector) ?? false", selector);

    [Fact]
    public async Task The_skip_link_comes_first_and_moves_focus_to_the_main_content()
    {
        await using var tab = await ledger.OpenTabAsync(output);
        await tab.GotoAsync(MetricPage);

        await tab.Page.Keyboard.PressAsync("Tab");
        var skip = tab.Page.Locator(".skip-link");
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToBeInViewportAsync();
        await tab.Page.Keyboard.PressAsync("Enter");
        await Expect(tab.Page.Locator("main")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Tab_reaches_a_chart_point_which_shows_its_quote_and_source_in_a_tooltip()
    {
        await using var tab = await ledger.OpenTabAsync(output);
        await tab.GotoAsync(MetricPage);
        var tooltip = tab.Page.Locator(".chart-tooltip");
        await Expect(tooltip).ToBeHiddenAsync();

        for (var presses = 0; presses < 40 && !await FocusedMatchesAsync(tab.Page, "svg.chart a.point"); presses++)
        {
            await tab.Page.Keyboard.PressAsync("Tab");
        }

        Assert.True(await FocusedMatchesAsync(tab.Page, "svg.chart a.point"), "Tab never reached a point of the chart.");
        var claimId = await tab.Page.EvaluateAsync<string>("() => document.activeElement.dataset.claimId");
        var timeline = await ledger.Anonymous.TimelineAsync("telegram", "monthly_active_users");
        Assert.Equal(timeline[0].GetProperty("claimId").GetString(), claimId);
        var claim = await ledger.Anonymous.ClaimAsync(claimId);
        await Expect(tooltip).ToBeVisibleAsync();
        await Expect(tooltip).ToContainTextAsync(claim.GetProperty("quote").GetProperty("text").GetString()!);
        await Expect(tooltip).ToContainTextAsync(claim.GetProperty("source").GetProperty("title").GetString()!);
        var describedBy = await tab.Page.EvaluateAsync<string>("() => document.activeElement.getAttribute('aria-describedby')");
        Assert.Equal(await tooltip.GetAttributeAsync("id"), describedBy);
        await tab.ScreenshotAsync("metric-point-focused-tooltip", fullPage: false);

        await tab.Page.Keyboard.PressAsync("Tab");
        Assert.True(await FocusedMatchesAsync(tab.Page, "svg.chart a.point"), "The next Tab should reach the next point.");
        await Expect(tooltip).ToContainTextAsync(
            (await ledger.Anonymous.ClaimAsync(timeline[1].GetProperty("claimId").GetString()!)).GetProperty("quote").GetProperty("text").GetString()!);

        await tab.Page.Keyboard.PressAsync("Escape");
        await Expect(tooltip).ToBeHiddenAsync();
        await tab.Page.Keyboard.PressAsync("Enter");
        await Expect(tab.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("claim\\.html\\?id="));
    }

    [Fact]
    public async Task Hovering_a_point_shows_its_tooltip()
    {
        await using var tab = await ledger.OpenTabAsync(output);
        await tab.GotoAsync(MetricPage);
        const string claimId = "digitripx-undated-telegram-1-miliar.telegram-active-900m";

        await tab.Page.Locator($"svg.chart a.point[data-claim-id='{claimId}'] .hit-area").HoverAsync();

        var tooltip = tab.Page.Locator(".chart-tooltip");
        await Expect(tooltip).ToBeVisibleAsync();
        await Expect(tooltip).ToContainTextAsync("900 M users (900,000,000)");
        await Expect(tooltip).ToContainTextAsync((await ledger.Anonymous.ClaimAsync(claimId)).GetProperty("quote").GetProperty("text").GetString()!);
    }

    [Fact]
    public async Task At_phone_width_the_table_scrolls_sideways_and_the_page_does_not()
    {
        await using var tab = await ledger.OpenTabAsync(output, width: 375, height: 740);
        foreach (var path in new[] { "/", MetricPage, "/claim.html?id=liputan6-2016-telegram-100-juta.telegram-mau-100m", "/source.html?id=liputan6-2016-telegram-100-juta" })
        {
            await tab.GotoAsync(path);
            var overflow = await tab.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"{path} is {overflow}px wider than a 375px screen.");
        }

        await tab.GotoAsync(MetricPage);
        var table = tab.Page.Locator(".table-scroll").First;
        Assert.True(await table.EvaluateAsync<bool>("box => box.scrollWidth > box.clientWidth"), "The claims table should scroll inside its box.");
        var chartWidth = await tab.Page.Locator("svg.chart").EvaluateAsync<double>("svg => svg.getBoundingClientRect().width");
        Assert.InRange(chartWidth, 250, 375);
        await Expect(tab.Page.Locator("svg.chart a.point")).ToHaveCountAsync((await ledger.Anonymous.TimelineAsync("telegram", "monthly_active_users")).Count);
        await tab.ScreenshotAsync("metric-phone");
    }
}
