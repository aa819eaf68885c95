namespace FactLedger.Api.Tests.Infrastructure;

/// <summary>Request bodies for a small made-up article, with ids unique to each call so tests sharing a database never collide.</summary>
public static class TestLedger
{
    public const string Text =
        "Telegram said on Tuesday that it now has 250 million monthly active users. "
        + "The company also reported 500,000 new users per day, up from about 350,000 a year ago.";

    public const string Quote = "250 million monthly active users";

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static object Source(string sourceId, string? text = null, string published = "2018-03-20") => new
    {
        sourceId,
        title = "Telegram reaches 250 million users",
        publisher = "Example News",
        url = "https://news.example/telegram-250m",
        language = "en",
        published,
        text = text ?? Text,
    };

    public static object Claim(string claimId, string sourceId, decimal value = 250_000_000, string platform = "telegram", string? quote = null, int? start = null, string asOf = "2018-03-20") => new
    {
        claimId,
        sourceId,
        platform,
        metric = "monthly_active_users",
        value,
        qualifier = "exact",
        asOf = new { date = asOf },
        attribution = new[] { new { name = "Example News", role = "article" }, new { name = "Telegram", role = "organization" } },
        quote = new { text = quote ?? Quote, start = start ?? Text.IndexOf(Quote, StringComparison.Ordinal), end = (start ?? Text.IndexOf(Quote, StringComparison.Ordinal)) + (quote ?? Quote).Length },
    };

    public static async Task<(string SourceId, string ClaimId)> CreateClaimAsync(HttpClient client, string prefix = "t")
    {
        var sourceId = NewId($"{prefix}-src");
        var claimId = $"{sourceId}.{NewId("mau")}";
        (await client.PostJsonAsync("/api/sources", Source(sourceId))).EnsureSuccessStatusCode();
        var claim = await client.PostJsonAsync("/api/claims", Claim(claimId, sourceId));
        Assert.True(claim.IsSuccessStatusCode, await claim.Content.ReadAsStringAsync());
        return (sourceId, claimId);
    }

    public static string ClaimUrl(string claimId, string suffix = "") => $"/api/claims/{Uri.EscapeDataString(claimId)}{suffix}";
}
