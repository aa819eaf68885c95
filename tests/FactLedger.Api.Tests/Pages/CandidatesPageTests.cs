using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace FactLedger.Api.Tests.Pages;

/// <summary>Issue 6 in the browser: the source page proposes candidates, highlights them, and accepts one in a click.</summary>
[Collection(PagesCollection.Name)]
public sealed class CandidatesPageTests(PagesWithSeedsIngested ledger, ITestOutputHelper output)
{
    private const string Text = "Signal grows\n\nThe Signal messenger now has more than 70 million monthly active users, the foundation said on Tuesday.";

    [Fact]
    public async Task Proposed_candidates_are_highlighted_and_one_click_accepts_one_as_an_extractor_claim()
    {
        var sourceId = $"pages-candidates-{Guid.NewGuid():N}"[..30];
        await ledger.FactChecker.WriteJsonAsync("/api/sources", new { sourceId, title = "Signal grows", language = "en", text = Text, publisher = "Example News", published = "2024-06-04" });
        await using var tab = await ledger.OpenTabAsync(output);
        await tab.GotoAsync($"/source.html?id={sourceId}");

        await tab.Page.Locator("#api-key").FillAsync(ledger.FactCheckerKey);
        await tab.Page.Locator("#use-key").ClickAsync();
        await tab.Page.Locator("#propose-candidates").ClickAsync();

        var candidate = tab.Page.Locator("#candidate-list > li").First;
        await Expect(candidate).ToContainTextAsync("monthly_active_users");
        await Expect(tab.Page.Locator("#article-text a.candidate-highlight mark").First).ToContainTextAsync("70 million");
        await tab.ScreenshotAsync("source-candidates");

        await candidate.Locator(".accept-candidate").ClickAsync();
        await Expect(tab.Page.Locator("#source-flash")).ToContainTextAsync("Accepted candidate 1");
        await Expect(tab.Page.Locator("#source-claims > li")).ToHaveCountAsync(1);

        var source = await ledger.Anonymous.ReadJsonAsync($"/api/sources/{sourceId}");
        var claimId = source.GetProperty("claims")[0].GetProperty("claimId").GetString()!;
        var trail = await ledger.Anonymous.TrailAsync(claimId);
        Assert.Equal("extractor", trail.GetProperty("recordedBy").GetProperty("kind").GetString());
        Assert.Equal(70_000_000m, trail.GetProperty("claim").GetProperty("value").GetDecimal());
        Assert.Equal("at_least", trail.GetProperty("claim").GetProperty("qualifier").GetString());
        Assert.Equal(PagesWithSeedsIngested.FactCheckerOwner, trail.GetProperty("history")[0].GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Candidates_already_in_the_ledger_say_so_and_rejecting_hides_one()
    {
        await using var tab = await ledger.OpenTabAsync(output);
        await tab.GotoAsync("/source.html?id=unknown-undated-telegram-400-millions");
        await tab.Page.Locator("#api-key").FillAsync(ledger.FactCheckerKey);
        await tab.Page.Locator("#use-key").ClickAsync();
        await tab.Page.Locator("#propose-candidates").ClickAsync();

        await Expect(tab.Page.Locator(".candidate-recorded").First).ToContainTextAsync("Already in the ledger");
        var before = await tab.Page.Locator("#candidate-list > li").CountAsync();
        var rejectable = tab.Page.Locator("#candidate-list > li .reject-candidate");
        if (await rejectable.CountAsync() > 0)
        {
            await rejectable.First.ClickAsync();
            await Expect(tab.Page.Locator("#candidate-list > li")).ToHaveCountAsync(before - 1);
        }
    }
}
