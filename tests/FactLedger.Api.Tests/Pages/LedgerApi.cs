using System.Net.Http.Json;
using System.Text.Json;

namespace FactLedger.Api.Tests.Pages;

/// <summary>What the pages tests ask the API directly: the expected contents of a page, and writes that set a scene.</summary>
public static class LedgerApi
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> WriteJsonAsync(this HttpClient client, string path, object body, int? ifMatchVersion = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (ifMatchVersion is { } version)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string ClaimPath(string claimId, string suffix = "") => $"/api/claims/{Uri.EscapeDataString(claimId)}{suffix}";

    public static Task<JsonElement> TrailAsync(this HttpClient client, string claimId) => client.ReadJsonAsync(ClaimPath(claimId, "/trail"));

    public static Task<JsonElement> ClaimAsync(this HttpClient client, string claimId) => client.ReadJsonAsync(ClaimPath(claimId));

    public static async Task<IReadOnlyList<JsonElement>> TimelineAsync(this HttpClient client, string platform, string metric) =>
        [.. (await client.ReadJsonAsync($"/api/timelines/{platform}/{metric}")).EnumerateArray()];

    /// <summary>The sealed feed events of one stream, oldest first.</summary>
    public static async Task<IReadOnlyList<JsonElement>> StreamEventsAsync(this HttpClient client, string streamId)
    {
        var events = new List<JsonElement>();
        long after = 0;
        while (true)
        {
            var page = await client.ReadJsonAsync($"/api/events?after={after}&limit=1000");
            var items = page.GetProperty("items").EnumerateArray().ToArray();
            events.AddRange(items.Where(e => e.GetProperty("streamId").GetString() == streamId));
            if (items.Length == 0)
            {
                return events;
            }

            after = page.GetProperty("next").GetInt64();
        }
    }

    /// <summary>
    /// Registers a source (published 2021-06-30) whose text holds <paramref name="quotes"/>, and one exact claim per
    /// quote, as of the publication day unless <paramref name="asOfDates"/> says otherwise (null: unknown).
    /// </summary>
    public static async Task<(string SourceId, IReadOnlyList<string> ClaimIds)> CreateSourceWithClaimsAsync(
        this HttpClient client, string title, string text, string platform, string metric,
        IReadOnlyList<(string Quote, decimal Value)> quotes, string? notes = null, IReadOnlyList<string?>? asOfDates = null)
    {
        var sourceId = $"pages-{Guid.NewGuid():N}"[..18];
        await client.WriteJsonAsync("/api/sources", new
        {
            sourceId,
            title,
            publisher = "Pages Test Gazette",
            language = "en",
            published = "2021-06-30",
            text,
        });
        var claimIds = new List<string>();
        for (var i = 0; i < quotes.Count; i++)
        {
            var (quote, value) = quotes[i];
            var start = text.IndexOf(quote, StringComparison.Ordinal);
            Assert.True(start >= 0, $"'{quote}' is not in the text.");
            var claimId = $"{sourceId}.claim-{i + 1}";
            await client.WriteJsonAsync("/api/claims", new
            {
                claimId,
                sourceId,
                platform,
                metric,
                value,
                qualifier = "exact",
                asOf = new { date = asOfDates is null ? "2021-06-30" : asOfDates[i] },
                attribution = new[] { new { name = "Pages Test Gazette", role = "article" } },
                quote = new { text = quote, start, end = start + quote.Length },
                notes,
            });
            claimIds.Add(claimId);
        }

        return (sourceId, claimIds);
    }
}
