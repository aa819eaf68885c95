using System.Globalization;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace FactLedger.Api.Tests.Pages;

[Collection(PagesCollection.Name)]
public sealed class OverviewPageTests(PagesWithSeedsIngested ledger, ITestOutputHelper output)
{
    [Fact]
    public async Task Overview_shows_every_current_figure_with_its_value_qualifier_and_sources()
    {
        await using var tab = await ledger.OpenTabAsync(output);
        await tab.GotoAsync("/");

        var telegramUsers = tab.Page.Locator("tr[data-platform='telegram'][data-metric='monthly_active_users']");
        await Expect(telegramUsers.Locator(".figure-value .num")).ToHaveTextAsync("900 M");
        await Expect(telegramUsers.Locator(".figure-value .num")).ToHaveAttributeAsync("title", "900,000,000 users");
        await Expect(tab.Page.Locator("tr[data-platform='telegram'][data-metric='new_users_per_day'] .figure-value .num")).ToHaveTextAsync("1.5 M");
        await Expect(tab.Page.Locator("tr[data-platform='telegram'][data-metric='new_users_per_day'] .qualifier")).ToContainTextAsync("more than");

        var figures = (await ledger.Anonymous.ReadJsonAsync("/api/figures")).EnumerateArray().ToArray();
        Assert.NotEmpty(figures);
        await Expect(tab.Page.Locator("table.figures tbody tr")).ToHaveCountAsync(figures.Length);
        foreach (var figure in figures)
        {
            var row = tab.Page.Locator($"tr[data-platform='{figure.GetProperty("platform").GetString()}'][data-metric='{figure.GetProperty("metric").GetString()}']");
            var exact = figure.GetProperty("value").GetDecimal().ToString("#,0.######", CultureInfo.InvariantCulture);
            await Expect(row.Locator(".figure-value .num")).ToHaveAttributeAsync("title", $"{exact} {figure.GetProperty("unit").GetString()}");
            var sources = figure.GetProperty("supporting").EnumerateArray().Select(c => c.GetProperty("sourceId").GetString())
                .Append(figure.GetProperty("sourceId").GetString()).Distinct().Count();
            await Expect(row.Locator(".source-count")).ToHaveTextAsync(sources.ToString(CultureInfo.InvariantCulture));
            await Expect(row.Locator("a[href^='claim.html']")).ToHaveAttributeAsync("href",
                $"claim.html?id={Uri.EscapeDataString(figure.GetProperty("claimId").GetString()!)}");
        }

        await tab.ScreenshotAsync("overview");
    }

    [Fact]
    public async Task Overview_marks_a_figure_that_other_claims_conflict_with()
    {
        const string text = "Signal now has 40 million monthly active users, the company said; a rival count puts it at 100 million monthly active users.";
        await ledger.FactChecker.CreateSourceWithClaimsAsync("Signal's two counts", text, "signal", "monthly_active_users",
            [("40 million monthly active users", 40_000_000m), ("100 million monthly active users", 100_000_000m)]);
        await ledger.CatchUpAsync();
        var figure = await ledger.Anonymous.ReadJsonAsync("/api/figures/signal/monthly_active_users");
        Assert.Equal(1, figure.GetProperty("conflicts").GetArrayLength());

        await using var tab = await ledger.OpenTabAsync(output);
        await tab.GotoAsync("/");

        var row = tab.Page.Locator("tr[data-platform='signal'][data-metric='monthly_active_users']");
        await Expect(row.Locator(".conflict-marker")).ToHaveTextAsync("⚠ 1 conflicting");
        await Expect(tab.Page.Locator("tr[data-platform='telegram'][data-metric='monthly_active_users'] .conflict-marker")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Overview_lists_the_sources_with_links_to_their_pages()
    {
        await using var tab = await ledger.OpenTabAsync(output);
        await tab.GotoAsync("/");

        var sources = (await ledger.Anonymous.ReadJsonAsync("/api/sources")).EnumerateArray().ToArray();
        var links = tab.Page.Locator("#source-list a");
        await Expect(links).ToHaveCountAsync(sources.Length);
        await Expect(tab.Page.Locator($"#source-list a[href='source.html?id=liputan6-2016-telegram-100-juta']")).ToHaveTextAsync("Telegram Kantongi 100 Juta Pengguna Aktif");
    }
}
