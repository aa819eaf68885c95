using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace FactLedger.Api.Tests.Pages;

[Collection(PagesCollection.Name)]
public sealed class ClaimPageTests(PagesWithSeedsIngested ledger, ITestOutputHelper output)
{
    private const string HundredMillion = "liputan6-2016-telegram-100-juta.telegram-mau-100m";

    [Fact]
    public async Task Claim_page_highlights_the_quote_in_its_context_and_in_the_whole_article()
    {
        var claim = await ledger.Anonymous.ClaimAsync(HundredMillion);
        var quote = claim.GetProperty("quote").GetProperty("text").GetString()!;

        await using var tab = await ledger.OpenTabAsync(output);
        await tab.GotoAsync($"/claim.html?id={HundredMillion}");

        await Expect(tab.Page.Locator("#quote-context mark")).ToHaveTextAsync(quote);
        await Expect(tab.Page.Locator("#recorded-quote")).ToHaveTextAsync(quote);
        await tab.Page.Locator("details.full-text summary").ClickAsync();
        await Expect(tab.Page.Locator("#article-text mark.quote-mark")).ToHaveTextAsync(quote);
        var source = await ledger.Anonymous.ReadJsonAsync($"/api/sources/{claim.GetProperty("sourceId").GetString()}");
        await Expect(tab.Page.Locator("#article-text")).ToHaveTextAsync(source.GetProperty("source").GetProperty("text").GetString()!);
        await tab.ScreenshotAsync("claim-quote");
    }

    [Fact]
    public async Task Claim_page_shows_the_provenance_trail_and_the_history_of_corrections()
    {
        var trail = await ledger.Anonymous.TrailAsync(HundredMillion);

        await using var tab = await ledger.OpenTabAsync(output);
        await tab.GotoAsync($"/claim.html?id={HundredMillion}");

        var page = tab.Page;
        await Expect(page.Locator("#page-title")).ToHaveTextAsync("Telegram: Monthly active users");
        await Expect(page.Locator("#claim-exact")).ToHaveTextAsync("100,000,000 users");
        await Expect(page.Locator("#source-title")).ToHaveTextAsync(trail.GetProperty("source").GetProperty("title").GetString()!);
        await Expect(page.Locator(".provenance")).ToContainTextAsync("Liputan6.com");
        await Expect(page.Locator(".provenance")).ToContainTextAsync("Feb 24, 2016 (precision: day)");
        await Expect(page.Locator(".provenance")).ToContainTextAsync("Indonesian (id)");
        var chain = trail.GetProperty("attribution").EnumerateArray().Select(a => a.GetProperty("name").GetString()!).ToArray();
        await Expect(page.Locator("#attribution .who")).ToHaveTextAsync(chain);
        await Expect(page.Locator(".provenance")).ToContainTextAsync($"by {trail.GetProperty("recordedBy").GetProperty("name").GetString()}");

        var history = trail.GetProperty("history").EnumerateArray().ToArray();
        await Expect(page.Locator("#history > li")).ToHaveCountAsync(history.Length);
        var correction = history.First(h => h.GetProperty("kind").GetString() == "corrected");
        var change = correction.GetProperty("details")[0];
        var entry = page.Locator($"#history > li[data-version='{correction.GetProperty("version").GetInt32()}']");
        await Expect(entry.Locator("del")).ToHaveTextAsync(change.GetProperty("from").GetString()!);
        await Expect(entry.Locator("ins")).ToHaveTextAsync(change.GetProperty("to").GetString()!);
        await Expect(entry.Locator(".history-reason")).ToHaveTextAsync(correction.GetProperty("reason").GetString()!);
    }

    [Fact]
    public async Task Unknown_claim_shows_the_api_problem()
    {
        await using var tab = await ledger.OpenTabAsync(output);
        await tab.GotoAsync("/claim.html?id=no-such-source.no-such-claim");

        await Expect(tab.Page.Locator(".problem")).ToContainTextAsync("No claim 'no-such-source.no-such-claim'");
    }
}
