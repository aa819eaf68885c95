using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace FactLedger.Api.Tests.Pages;

[Collection(PagesCollection.Name)]
public sealed class SourcePageTests(PagesWithSeedsIngested ledger, ITestOutputHelper output)
{
    [Fact]
    public async Task Source_page_highlights_every_claim_in_place_and_links_each_to_its_claim()
    {
        const string sourceId = "liputan6-2016-telegram-100-juta";
        var detail = await ledger.Anonymous.ReadJsonAsync($"/api/sources/{sourceId}");
        var claims = detail.GetProperty("claims").EnumerateArray().ToArray();
        Assert.True(claims.Length > 1);

        await using var tab = await ledger.OpenTabAsync(output);
        await tab.GotoAsync($"/source.html?id={sourceId}");

        var shownText = await tab.Page.Locator("#article-text").EvaluateAsync<string>(
            "node => { const copy = node.cloneNode(true); copy.querySelectorAll('sup.claim-ref').forEach(s => s.remove()); return copy.textContent; }");
        Assert.Equal(detail.GetProperty("source").GetProperty("text").GetString(), shownText);
        foreach (var claim in claims)
        {
            var id = claim.GetProperty("claimId").GetString()!;
            var quote = claim.GetProperty("quote").GetProperty("text").GetString()!;
            var pieces = tab.Page.Locator($"#article-text a.claim-highlight:not(.also)[href='claim.html?id={id}'] mark");
            var marked = string.Concat(await pieces.AllTextContentsAsync());
            Assert.Equal(quote, marked);
        }

        await Expect(tab.Page.Locator("#source-claims > li")).ToHaveCountAsync(claims.Length);
        await tab.Page.Locator($"#article-text a.claim-highlight[href='claim.html?id={claims[0].GetProperty("claimId").GetString()}']").First.ClickAsync();
        await Expect(tab.Page.Locator("#quote-context mark")).ToHaveTextAsync(claims[0].GetProperty("quote").GetProperty("text").GetString()!);
    }

    [Fact]
    public async Task Text_from_the_ledger_is_shown_as_text_and_never_run_as_markup()
    {
        const string title = "<img src=x onerror=\"window.__injected=1\"> Evil & <b>bold</b>";
        const string text = "Kik said <script>window.__injected=2</script> it has 300 million registered users <img src=x onerror=\"window.__injected=3\">.";
        var (sourceId, claimIds) = await ledger.FactChecker.CreateSourceWithClaimsAsync(title, text, "kik", "users",
            [("300 million registered users <img src=x onerror=\"window.__injected=3\">", 300_000_000m)], notes: "<script>window.__injected=4</script>");

        await using var tab = await ledger.OpenTabAsync(output);
        await tab.GotoAsync($"/source.html?id={sourceId}");
        await Expect(tab.Page.Locator("#page-title")).ToHaveTextAsync(title);
        await Expect(tab.Page.Locator("#article-text")).ToContainTextAsync("<script>window.__injected=2</script>");

        await tab.GotoAsync($"/claim.html?id={claimIds[0]}");
        await Expect(tab.Page.Locator("#source-title")).ToHaveTextAsync(title);
        await Expect(tab.Page.Locator(".claim-summary")).ToContainTextAsync("<script>window.__injected=4</script>");

        Assert.Equal(0, await tab.Page.Locator("main img, main b, main script").CountAsync());
        Assert.True(await tab.Page.EvaluateAsync<bool>("() => window.__injected === undefined"));
    }
}
