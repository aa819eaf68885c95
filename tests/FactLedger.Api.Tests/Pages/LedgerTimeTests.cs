using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace FactLedger.Api.Tests.Pages;

[Collection(PagesCollection.Name)]
public sealed partial class LedgerTimeTests(PagesWithSeedsIngested ledger, ITestOutputHelper output)
{
    private const string WhatsAppBillion = "liputan6-2016-telegram-100-juta.whatsapp-active-1b";

    /// <summary>Corrects the claim's value through the page; answers the feed sequence and time of the correction.</summary>
    private async Task<(long Sequence, DateTimeOffset RecordedAt)> CorrectInThePageAsync(BrowserTab tab, decimal newValue)
    {
        await tab.GotoAsync($"/claim.html?id={WhatsAppBillion}");
        await tab.Page.Locator("#api-key").FillAsync(ledger.FactCheckerKey);
        await tab.Page.Locator("#use-key").ClickAsync();
        await tab.Page.Locator("#correct-value").FillAsync(newValue.ToString(CultureInfo.InvariantCulture));
        await tab.Page.Locator("#correct-reason").FillAsync("The article's 'milyar' is WhatsApp's rounded count; test correction.");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Record correction" }).ClickAsync();
        await Expect(tab.Page.Locator("#review-flash")).ToContainTextAsync("Your correction was recorded");

        await ledger.CatchUpAsync();
        var correction = (await ledger.Anonymous.StreamEventsAsync($"claim-{WhatsAppBillion}"))
            .Last(e => e.GetProperty("eventType").GetString() == "claim-corrected");
        return (correction.GetProperty("sequence").GetInt64(), correction.GetProperty("recordedAt").GetDateTimeOffset());
    }

    /// <summary>How the pages (in US English) write an exact number of users.</summary>
    private static string Exact(decimal users) => users.ToString("#,0", CultureInfo.InvariantCulture) + " users";

    [Fact]
    public async Task Viewing_the_ledger_before_a_correction_shows_the_old_value_until_back_to_now()
    {
        await using var tab = await ledger.OpenTabAsync(output);
        var oldValue = (await ledger.Anonymous.ClaimAsync(WhatsAppBillion)).GetProperty("value").GetDecimal();
        var (sequence, _) = await CorrectInThePageAsync(tab, oldValue + 10_000_000m);
        var now = Exact(oldValue + 10_000_000m);
        await Expect(tab.Page.Locator("#claim-exact")).ToHaveTextAsync(now);

        await tab.Page.Locator(".ledger-time-control summary").ClickAsync();
        await tab.Page.GetByLabel("or feed sequence").FillAsync((sequence - 1).ToString(CultureInfo.InvariantCulture));
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Show the ledger then" }).ClickAsync();

        await Expect(tab.Page).ToHaveURLAsync(new Regex($"ledger-as-of={sequence - 1}"));
        await Expect(tab.Page.Locator("#ledger-banner")).ToContainTextAsync($"Viewing the ledger as of feed sequence {sequence - 1}");
        await Expect(tab.Page.Locator(".loading")).ToHaveCountAsync(0);
        await Expect(tab.Page.Locator("#claim-exact")).ToHaveTextAsync(Exact(oldValue));
        await Expect(tab.Page.Locator("#history > li[data-kind='corrected']")).ToHaveCountAsync(
            (await ledger.Anonymous.ReadJsonAsync($"{LedgerApi.ClaimPath(WhatsAppBillion, "/trail")}?ledger-as-of={sequence - 1}")).GetProperty("history")
                .EnumerateArray().Count(h => h.GetProperty("kind").GetString() == "corrected"));
        await Expect(tab.Page.Locator("#review-past")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("#rate-form")).ToHaveCountAsync(0);
        await tab.ScreenshotAsync("claim-ledger-time-before-correction");

        // Links keep the ledger time: the source page shows the claim as it was then too.
        await tab.Page.Locator("#source-title").ClickAsync();
        await Expect(tab.Page).ToHaveURLAsync(new Regex($"source\\.html\\?id=.*ledger-as-of={sequence - 1}"));
        await Expect(tab.Page.Locator($"#source-claims li[data-claim-id='{WhatsAppBillion}'] .num")).ToHaveAttributeAsync("title", Exact(oldValue));

        await tab.Page.Locator("#back-to-now").ClickAsync();
        await Expect(tab.Page.Locator("#ledger-banner")).ToBeHiddenAsync();
        await Expect(tab.Page.Locator($"#source-claims li[data-claim-id='{WhatsAppBillion}'] .num")).ToHaveAttributeAsync("title", now);
    }

    [Fact]
    public async Task A_moment_entered_in_the_header_shows_every_page_as_the_ledger_stood_then()
    {
        var claim = await ledger.Anonymous.ClaimAsync(WhatsAppBillion);
        var before = claim.GetProperty("value").GetDecimal();
        // The moment is given to the second, so leave more than a second between the claim's last change and the correction.
        var wait = claim.GetProperty("updatedAt").GetDateTimeOffset().AddSeconds(1.2) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        await using var tab = await ledger.OpenTabAsync(output);
        var (_, correctedAt) = await CorrectInThePageAsync(tab, before + 5_000_000m);
        var moment = correctedAt.UtcDateTime.AddTicks(-(correctedAt.UtcDateTime.Ticks % TimeSpan.TicksPerSecond));
        if (moment == correctedAt.UtcDateTime)
        {
            moment = moment.AddSeconds(-1);
        }

        await tab.GotoAsync("/metric.html?platform=whatsapp&metric=monthly_active_users");
        await tab.Page.Locator(".ledger-time-control summary").ClickAsync();
        await tab.Page.GetByLabel("Moment").FillAsync(moment.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Show the ledger then" }).ClickAsync();

        var asOf = moment.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        await Expect(tab.Page).ToHaveURLAsync(new Regex($"ledger-as-of={Regex.Escape(Uri.EscapeDataString(asOf + ".000Z"))}"));
        await Expect(tab.Page.Locator("#ledger-banner")).ToContainTextAsync("Viewing the ledger as of");
        // The label is in the browser's locale, a 12- or 24-hour clock; minutes and seconds read the same in both.
        await Expect(tab.Page.Locator("#ledger-as-of-label")).ToContainTextAsync(moment.ToString("mm:ss", CultureInfo.InvariantCulture));
        await Expect(tab.Page.Locator("#ledger-as-of-label")).ToHaveAttributeAsync("title", asOf + ".000Z");
        await Expect(tab.Page.Locator(".loading")).ToHaveCountAsync(0);
        var row = tab.Page.Locator($"#claims-table tr[data-claim-id='{WhatsAppBillion}'] .num");
        await Expect(row).ToHaveAttributeAsync("title", Exact(before));
        await tab.ScreenshotAsync("metric-ledger-time-moment");

        await tab.Page.Locator("a[data-keep-ledger-time='index.html']").First.ClickAsync();
        await Expect(tab.Page).ToHaveURLAsync(new Regex("index\\.html\\?ledger-as-of="));
        await Expect(tab.Page.Locator("#ledger-banner")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_moment_before_the_ledger_began_shows_that_the_claim_did_not_exist_yet()
    {
        await using var tab = await ledger.OpenTabAsync(output);
        await tab.GotoAsync($"/claim.html?id={WhatsAppBillion}&ledger-as-of=2000-01-01T00:00:00Z");

        await Expect(tab.Page.Locator("#not-yet")).ToContainTextAsync("was not in the ledger as of");
        await tab.GotoAsync("/?ledger-as-of=2000-01-01T00:00:00Z");
        await Expect(tab.Page.Locator("#overview")).ToContainTextAsync("The ledger has no figures yet.");
    }
}
