using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FactLedger.Api.Tests.Infrastructure;

namespace FactLedger.Api.Tests;

public sealed class AdminTests(ApiWithSeedsIngested api) : IClassFixture<ApiWithSeedsIngested>
{
    [Fact]
    public async Task A_rebuild_runs_in_the_background_reports_progress_and_leaves_the_same_figures()
    {
        var figuresBefore = (await (await api.Anonymous.GetAsync("/api/figures")).AssertOkJsonAsync()).GetRawText();
        var claimsBefore = (await (await api.Anonymous.GetAsync("/api/claims?limit=500")).AssertOkJsonAsync()).GetRawText();

        var started = await api.Admin.PostJsonAsync("/api/admin/rebuilds", new { projection = (string?)null });

        var accepted = await started.AssertOkJsonAsync(HttpStatusCode.Accepted);
        var location = started.Headers.Location!.OriginalString;
        Assert.Equal($"/api/admin/rebuilds/{accepted.GetProperty("id").GetGuid()}", location);
        Assert.Equal("Ada Admin", accepted.GetProperty("requestedBy").GetString());
        var status = await PollAsync(location);
        Assert.Equal("succeeded", status.GetProperty("state").GetString());
        Assert.Equal("done", status.GetProperty("progress").GetProperty("phase").GetString());
        Assert.Equal("figures", status.GetProperty("progress").GetProperty("projection").GetString());
        Assert.Equal(figuresBefore, (await (await api.Anonymous.GetAsync("/api/figures")).AssertOkJsonAsync()).GetRawText());
        Assert.Equal(claimsBefore, (await (await api.Anonymous.GetAsync("/api/claims?limit=500")).AssertOkJsonAsync()).GetRawText());
        var list = await (await api.Admin.GetAsync("/api/admin/rebuilds")).AssertOkJsonAsync();
        Assert.Contains(list.EnumerateArray(), r => r.GetProperty("id").GetGuid() == accepted.GetProperty("id").GetGuid());
        await (await api.Admin.GetAsync($"/api/admin/rebuilds/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Verify_reports_an_intact_ledger_with_every_event_checked()
    {
        await api.CatchUpAsync();
        var report = await (await api.Admin.PostAsync("/api/admin/verify", null)).AssertOkJsonAsync();

        Assert.True(report.GetProperty("isIntact").GetBoolean());
        Assert.Empty(report.GetProperty("problems").EnumerateArray());
        Assert.True(report.GetProperty("eventsChecked").GetInt64() >= api.SeedEvents);
        Assert.Equal(report.GetProperty("eventsChecked").GetInt64(), report.GetProperty("feedEntriesChecked").GetInt64());
    }

    [Fact]
    public async Task The_catalog_grows_by_platforms_aliases_and_metrics_which_claims_and_reads_then_accept()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var platformId = $"mastodon-{suffix}";
        var metricId = $"weekly_active_users_{suffix}";
        var catalog = await api.Anonymous.GetAsync("/api/catalog");

        var platform = await api.Admin.PostJsonAsync("/api/admin/catalog/platforms",
            new { id = platformId, name = $"Mastodon {suffix}", aliases = new[] { $"Toot {suffix}" }, reason = "Federated app in the news" },
            r => r.Headers.IfMatch.Add(catalog.Headers.ETag!));
        await platform.AssertOkJsonAsync();
        (await api.Admin.PostJsonAsync("/api/admin/catalog/aliases", new { platformId, alias = $"Fedi {suffix}", reason = "Nickname" })).EnsureSuccessStatusCode();
        (await api.Admin.PostJsonAsync("/api/admin/catalog/metrics",
            new { id = metricId, name = "Weekly active users", kind = "level", unit = "users", definition = "Users active in a week.", reason = "Reported weekly" })).EnsureSuccessStatusCode();

        var stale = await api.Admin.PostJsonAsync("/api/admin/catalog/aliases", new { platformId, alias = $"Another {suffix}", reason = "x" },
            r => r.Headers.IfMatch.Add(catalog.Headers.ETag!));
        await stale.AssertProblemAsync(HttpStatusCode.Conflict, "concurrency-conflict");

        var updated = await (await api.Anonymous.GetAsync("/api/catalog")).AssertOkJsonAsync();
        var added = updated.GetProperty("platforms").EnumerateArray().Single(p => p.GetProperty("id").GetString() == platformId);
        Assert.Contains($"Fedi {suffix}", added.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains(updated.GetProperty("metrics").EnumerateArray(), m => m.GetProperty("id").GetString() == metricId);
        Assert.Equal(0, (await (await api.Anonymous.GetAsync($"/api/figures/{Uri.EscapeDataString($"fedi {suffix}")}")).AssertOkJsonAsync()).GetArrayLength());

        var sourceId = TestLedger.NewId("masto");
        const string text = "Mastodon now counts 2 million weekly active users.";
        const string quote = "2 million weekly active users";
        (await api.FactChecker.PostJsonAsync("/api/sources", TestLedger.Source(sourceId, text))).EnsureSuccessStatusCode();
        var claim = await api.FactChecker.PostJsonAsync("/api/claims", new
        {
            claimId = $"{sourceId}.wau",
            sourceId,
            platform = $"Toot {suffix}",
            metric = metricId,
            value = 2_000_000,
            qualifier = "exact",
            asOf = new { date = "2018-03-20" },
            quote = new { text = quote, start = text.IndexOf(quote, StringComparison.Ordinal), end = text.IndexOf(quote, StringComparison.Ordinal) + quote.Length },
        });
        await claim.AssertOkJsonAsync(HttpStatusCode.Created);
        await api.CatchUpAsync();
        var figure = await (await api.Anonymous.GetAsync($"/api/figures/{platformId}/{metricId}")).AssertOkJsonAsync();
        Assert.Equal(2_000_000m, figure.GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task Keys_are_created_shown_once_listed_without_secrets_and_revoked_at_once()
    {
        var created = await (await api.Admin.PostJsonAsync("/api/admin/keys", new { role = "fact-checker", owner = "Kim Reporter" }))
            .AssertOkJsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        var key = created.GetProperty("key").GetString()!;
        Assert.StartsWith($"flk_{id}_", key, StringComparison.Ordinal);

        var listed = await api.Admin.GetAsync("/api/admin/keys");
        var listText = await listed.Content.ReadAsStringAsync();
        Assert.DoesNotContain(key, listText, StringComparison.Ordinal);
        var entry = JsonDocument.Parse(listText).RootElement.EnumerateArray().Single(k => k.GetProperty("id").GetString() == id);
        Assert.Equal("Kim Reporter", entry.GetProperty("owner").GetString());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("revokedAt").ValueKind);

        var client = api.CreateClient(key);
        var sourceId = TestLedger.NewId("kim");
        (await client.PostJsonAsync("/api/sources", TestLedger.Source(sourceId))).EnsureSuccessStatusCode();
        await api.CatchUpAsync();
        var feed = await (await api.Anonymous.GetAsync($"/api/events?after=0&limit=1000")).AssertOkJsonAsync();
        var registered = feed.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("streamId").GetString() == $"source-{sourceId}");
        Assert.Equal("Kim Reporter", registered.GetProperty("metadata").GetProperty("actor").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin.DeleteAsync($"/api/admin/keys/{id}")).StatusCode);
        await (await client.PostJsonAsync("/api/sources", TestLedger.Source(TestLedger.NewId("kim")))).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        var revoked = (await (await api.Admin.GetAsync("/api/admin/keys")).AssertOkJsonAsync()).EnumerateArray().Single(k => k.GetProperty("id").GetString() == id);
        Assert.NotEqual(JsonValueKind.Null, revoked.GetProperty("revokedAt").ValueKind);
        await (await api.Admin.DeleteAsync("/api/admin/keys/nosuchkey1")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    private async Task<JsonElement> PollAsync(string location)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var status = await (await api.Admin.GetAsync(location)).AssertOkJsonAsync();
            var state = status.GetProperty("state").GetString();
            if (state is "succeeded" or "failed" or "cancelled" || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(50);
        }
    }
}
