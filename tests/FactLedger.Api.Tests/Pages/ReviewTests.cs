using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace FactLedger.Api.Tests.Pages;

[Collection(PagesCollection.Name)]
public sealed class ReviewTests(PagesWithSeedsIngested ledger, ITestOutputHelper output)
{
    private static async Task UseKeyAsync(IPage page, string key)
    {
        await page.Locator("#api-key").FillAsync(key);
        await page.Locator("#use-key").ClickAsync();
        await Expect(page.Locator("#forget-key")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_verdict_recorded_in_the_page_appears_in_the_trail()
    {
        const string claimId = "kompastekno-2018-telegram-200-juta.telegram-active-200m";
        const string rationale = "Matches Durov's own post of 22 March 2018 announcing 200 million monthly users.";
        await using var tab = await ledger.OpenTabAsync(output);
        await tab.GotoAsync($"/claim.html?id={claimId}");
        var before = (await ledger.Anonymous.ClaimAsync(claimId)).GetProperty("version").GetInt32();

        await UseKeyAsync(tab.Page, ledger.FactCheckerKey);
        await tab.Page.GetByLabel("Verdict").SelectOptionAsync("supported");
        await tab.Page.GetByLabel("Rationale").FillAsync(rationale);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Record verdict" }).ClickAsync();

        await Expect(tab.Page.Locator("#review-flash")).ToContainTextAsync("Your verdict was recorded");
        await Expect(tab.Page.Locator("#review-flash")).ToBeFocusedAsync();
        var entry = tab.Page.Locator("#history > li").Last;
        await Expect(entry).ToHaveAttributeAsync("data-kind", "reviewed");
        await Expect(entry).ToContainTextAsync(rationale);
        await Expect(entry).ToContainTextAsync($"by {PagesWithSeedsIngested.FactCheckerOwner}");
        await Expect(entry.Locator("ins")).ToHaveTextAsync("supported");
        await Expect(tab.Page.Locator(".claim-headline .verdict")).ToHaveTextAsync("supported");

        var trail = await ledger.Anonymous.TrailAsync(claimId);
        Assert.Equal("supported", trail.GetProperty("latestVerdict").GetString());
        var reviewed = trail.GetProperty("history").EnumerateArray().Last();
        Assert.Equal("reviewed", reviewed.GetProperty("kind").GetString());
        Assert.Equal(rationale, reviewed.GetProperty("reason").GetString());
        Assert.Equal(PagesWithSeedsIngested.FactCheckerOwner, reviewed.GetProperty("actor").GetString());
        Assert.Equal(before + 1, reviewed.GetProperty("version").GetInt32());
        await tab.ScreenshotAsync("claim-after-review");
    }

    [Fact]
    public async Task The_key_is_entered_once_per_tab_and_kept_in_session_storage()
    {
        await using var tab = await ledger.OpenTabAsync(output);
        await tab.GotoAsync("/claim.html?id=liputan6-2016-telegram-100-juta.telegram-messages-15b");
        await UseKeyAsync(tab.Page, ledger.FactCheckerKey);

        await tab.GotoAsync("/claim.html?id=liputan6-2016-telegram-100-juta.telegram-new-users-350k");
        await Expect(tab.Page.Locator("#key-panel")).ToContainTextAsync($"…{ledger.FactCheckerKey[^4..]}");
        Assert.Equal(ledger.FactCheckerKey, await tab.Page.EvaluateAsync<string>("() => sessionStorage.getItem('factledger.apiKey')"));

        await tab.Page.Locator("#forget-key").ClickAsync();
        await Expect(tab.Page.Locator("#api-key")).ToBeVisibleAsync();
        Assert.Null(await tab.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('factledger.apiKey')"));
    }

    [Fact]
    public async Task Retracting_in_the_page_strikes_the_claim_on_the_chart_and_in_the_table()
    {
        const string claimId = "unknown-undated-telegram-12-miliar-pesan.telegram-mau-60m";
        await using var tab = await ledger.OpenTabAsync(output);
        await tab.GotoAsync($"/claim.html?id={claimId}");
        await UseKeyAsync(tab.Page, ledger.FactCheckerKey);

        await tab.Page.Locator("#retract-reason").FillAsync("Same number as the May 2015 claim, repeated for a later date by the article's own rounding.");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Retract claim" }).ClickAsync();

        await Expect(tab.Page.Locator("#review-flash")).ToContainTextAsync("retracted");
        await Expect(tab.Page.Locator(".claim-headline .retracted")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator(".claim-headline s .num")).ToHaveCountAsync(1);
        await Expect(tab.Page.Locator("#history > li").Last).ToHaveAttributeAsync("data-kind", "retracted");
        Assert.Equal("retracted", (await ledger.Anonymous.ClaimAsync(claimId)).GetProperty("status").GetString());

        await ledger.CatchUpAsync();
        await tab.GotoAsync("/metric.html?platform=telegram&metric=monthly_active_users");
        var point = tab.Page.Locator($"svg.chart a.point[data-claim-id='{claimId}']");
        await Expect(point).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bexcluded\\b"));
        await Expect(point.Locator("path.strike")).ToHaveCountAsync(1);
        await Expect(tab.Page.Locator(".legend li", new() { HasText = "retracted or rated false" }).Locator("path.strike")).ToHaveCountAsync(1);
        Assert.EndsWith(", retracted", await point.GetAttributeAsync("aria-label"));
        var row = tab.Page.Locator($"#claims-table tr[data-claim-id='{claimId}']");
        await Expect(row).ToHaveClassAsync("struck");
        await Expect(row.Locator("td.numeric s")).ToHaveCountAsync(1);
        await Expect(row.Locator(".badge.retracted")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("svg.chart a.point.excluded")).ToHaveCountAsync(
            (await ledger.Anonymous.TimelineAsync("telegram", "monthly_active_users")).Count(e => e.GetProperty("excluded").ValueKind != System.Text.Json.JsonValueKind.Null));
        await tab.ScreenshotAsync("metric-with-retracted-claim");
    }

    [Fact]
    public async Task Problems_from_the_api_are_shown_beside_the_form()
    {
        const string claimId = "digitripx-undated-telegram-1-miliar.telegram-mau-1b-target";
        await using var tab = await ledger.OpenTabAsync(output);
        await tab.GotoAsync($"/claim.html?id={claimId}");
        var rate = tab.Page.Locator("#rate-form");

        // No key at all: 401.
        await tab.Page.GetByLabel("Verdict").SelectOptionAsync("disputed");
        await rate.GetByRole(AriaRole.Button, new() { Name = "Record verdict" }).ClickAsync();
        await Expect(rate.Locator(".problem")).ToContainTextAsync("A fact-checker key is needed: API key required (401)");
        await Expect(rate.Locator(".problem")).ToContainTextAsync("X-Api-Key");

        // A key the server does not know: 401 again, said differently.
        await UseKeyAsync(tab.Page, "fl_not_a_real_key");
        await tab.Page.GetByLabel("Verdict").SelectOptionAsync("disputed");
        await rate.GetByRole(AriaRole.Button, new() { Name = "Record verdict" }).ClickAsync();
        await Expect(rate.Locator(".problem")).ToContainTextAsync("Your key was not accepted: API key required (401)");
        await Expect(rate.Locator(".problem")).ToContainTextAsync("unknown or revoked");
        await tab.Page.Locator("#forget-key").ClickAsync();

        // A field the ledger rejects: 400, with the message next to the field.
        await UseKeyAsync(tab.Page, ledger.FactCheckerKey);
        await tab.Page.GetByLabel("Verdict").SelectOptionAsync("");
        await rate.GetByRole(AriaRole.Button, new() { Name = "Record verdict" }).ClickAsync();
        await Expect(rate.Locator(".problem")).ToContainTextAsync("(400)");
        await Expect(tab.Page.Locator("#review-verdict")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(tab.Page.Locator("#review-verdict-error")).ToContainTextAsync("verdict");
        await tab.ScreenshotAsync("review-field-error");

        // Someone else reviews the claim meanwhile: the page's version is stale, 409.
        var version = (await ledger.FactChecker.ClaimAsync(claimId)).GetProperty("version").GetInt32();
        await ledger.FactChecker.WriteJsonAsync(LedgerApi.ClaimPath(claimId, "/reviews"), new { verdict = "unverifiable", rationale = "A target, not a count." }, version);
        await tab.Page.GetByLabel("Verdict").SelectOptionAsync("disputed");
        await tab.Page.GetByLabel("Rationale").FillAsync("Telegram never said when.");
        await rate.GetByRole(AriaRole.Button, new() { Name = "Record verdict" }).ClickAsync();
        await Expect(rate.Locator(".problem")).ToContainTextAsync("Someone changed this claim since you loaded it");
        await Expect(rate.Locator(".problem")).ToContainTextAsync("(409)");
        await Expect(rate.Locator("#rate-form-reload")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("#review-verdict")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(version + 1, (await ledger.Anonymous.ClaimAsync(claimId)).GetProperty("version").GetInt32());
        await tab.ScreenshotAsync("review-conflict");
    }
}
