using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FactLedger.Api.Tests.Infrastructure;
using FactLedger.Testing;
using FactLedger.EventStore;
using FactLedger.Ledger.Application;
using FactLedger.Ledger.Figures;

namespace FactLedger.Api.Tests;

/// <summary>Every read endpoint against the seeded ledger; this class never writes.</summary>
public sealed class ReadEndpointsTests(ApiWithSeedsIngested api) : IClassFixture<ApiWithSeedsIngested>
{
    private LedgerQueries Queries => api.Service<LedgerQueries>();

    private static void AssertSameJson(object expected, JsonElement actual) =>
        Assert.True(JsonNode.DeepEquals(JsonSerializer.SerializeToNode(expected, ApiJson.Options), JsonNode.Parse(actual.GetRawText())),
            $"Expected {JsonSerializer.Serialize(expected, ApiJson.Options)}\nbut got {actual.GetRawText()}");

    [Fact]
    public async Task The_catalog_lists_platforms_with_aliases_and_metrics()
    {
        var response = await api.Anonymous.GetAsync("/api/catalog");

        var catalog = await response.AssertOkJsonAsync();
        Assert.Equal("\"0\"", response.Headers.ETag?.ToString());
        var whatsapp = catalog.GetProperty("platforms").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "whatsapp");
        Assert.Contains("WA", whatsapp.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains(catalog.GetProperty("metrics").EnumerateArray(), m => m.GetProperty("id").GetString() == "monthly_active_users");
    }

    [Fact]
    public async Task Figures_cover_every_seeded_platform_and_metric_and_match_the_ledger()
    {
        var figures = await (await api.Anonymous.GetAsync("/api/figures")).AssertOkJsonAsync();

        AssertSameJson(await Queries.GetFiguresAsync(new FigureQuery()), figures);
        var keys = figures.EnumerateArray().Select(f => (f.GetProperty("platform").GetString(), f.GetProperty("metric").GetString())).ToHashSet();
        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.Contains(SeedCorpus.Claims, c => (c.Platform, c.Metric) == key));
        Assert.All(figures.EnumerateArray(), f => Assert.Contains(SeedCorpus.Claims, c => c.Id == f.GetProperty("claimId").GetString()));
    }

    [Fact]
    public async Task Figures_of_a_platform_accept_its_alias_and_filters_accept_aliases_too()
    {
        var byId = await (await api.Anonymous.GetAsync("/api/figures/telegram")).AssertOkJsonAsync();
        var byAlias = await (await api.Anonymous.GetAsync("/api/figures/TG")).AssertOkJsonAsync();
        var byFilter = await (await api.Anonymous.GetAsync("/api/figures?platform=Telegram%20Messenger")).AssertOkJsonAsync();

        Assert.Equal(byId.GetRawText(), byAlias.GetRawText());
        Assert.Equal(byId.GetRawText(), byFilter.GetRawText());
        Assert.All(byId.EnumerateArray(), f => Assert.Equal("telegram", f.GetProperty("platform").GetString()));
        AssertSameJson(await Queries.GetFiguresAsync(new FigureQuery("telegram")), byId);
    }

    [Fact]
    public async Task One_figure_carries_its_claim_with_supporting_claims_and_conflicts()
    {
        var figure = await (await api.Anonymous.GetAsync("/api/figures/telegram/monthly_active_users")).AssertOkJsonAsync();

        var expected = Assert.Single(await Queries.GetFiguresAsync(new FigureQuery("telegram", "monthly_active_users")));
        AssertSameJson(expected, figure);
        foreach (var list in new[] { "supporting", "compatible", "conflicts", "forecasts", "excludedClaims" })
        {
            Assert.Equal(JsonValueKind.Array, figure.GetProperty(list).ValueKind);
        }
    }

    [Fact]
    public async Task Valid_at_and_ledger_as_of_select_the_figure_then()
    {
        var validAt = await (await api.Anonymous.GetAsync("/api/figures/telegram/monthly_active_users?valid-at=2016-06-30")).AssertOkJsonAsync();
        var yearOnly = await (await api.Anonymous.GetAsync("/api/figures/telegram/monthly_active_users?valid-at=2016")).AssertOkJsonAsync();
        var head = await api.Service<PostgresEventStore>().GetFeedHeadAsync();
        var atHead = await (await api.Anonymous.GetAsync($"/api/figures?ledger-as-of={head}")).AssertOkJsonAsync();
        var beforeAnything = await (await api.Anonymous.GetAsync("/api/figures?ledger-as-of=2000-01-01T00:00:00Z")).AssertOkJsonAsync();

        AssertSameJson(Assert.Single(await Queries.GetFiguresAsync(new FigureQuery("telegram", "monthly_active_users", new DateOnly(2016, 6, 30)))), validAt);
        AssertSameJson(Assert.Single(await Queries.GetFiguresAsync(new FigureQuery("telegram", "monthly_active_users", new DateOnly(2016, 12, 31)))), yearOnly);
        Assert.Equal(JsonNode.Parse((await (await api.Anonymous.GetAsync("/api/figures")).AssertOkJsonAsync()).GetRawText())!.AsArray().Count, atHead.GetArrayLength());
        Assert.Equal(0, beforeAnything.GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await api.Anonymous.GetAsync("/api/figures/telegram/monthly_active_users?ledger-as-of=0")).StatusCode);
    }

    [Fact]
    public async Task A_timeline_lists_every_claim_about_a_platform_and_metric()
    {
        var timeline = await (await api.Anonymous.GetAsync("/api/timelines/telegram/monthly_active_users")).AssertOkJsonAsync();

        AssertSameJson(await Queries.GetTimelineAsync("telegram", "monthly_active_users"), timeline);
        var ids = timeline.EnumerateArray().Select(e => e.GetProperty("claimId").GetString()).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.NotEmpty(ids);
        var asOfZero = await (await api.Anonymous.GetAsync("/api/timelines/telegram/monthly_active_users?ledger-as-of=0")).AssertOkJsonAsync();
        Assert.Equal(0, asOfZero.GetArrayLength());
    }

    [Theory]
    [InlineData("/api/timelines/telegram/monthly_active_users")]
    [InlineData("/api/timelines/TG/monthly_active_users?ledger-as-of=2999-01-01T00:00:00Z")]
    [InlineData("/api/pages/claims/telegram/monthly_active_users")]
    public async Task A_timeline_pages_through_every_claim_once_by_following_its_next_links(string path)
    {
        var whole = (await (await api.Anonymous.GetAsync(path)).AssertOkJsonAsync()).EnumerateArray().Select(e => e.GetRawText()).ToArray();
        Assert.True(whole.Length > 2, "The seeded timeline should span several pages of two.");

        var paged = new List<string>();
        var url = path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "limit=2";
        var pages = 0;
        while (url is not null && pages++ < 100)
        {
            var response = await api.Anonymous.GetAsync(url);
            var page = await response.AssertOkJsonAsync();
            Assert.True(page.GetArrayLength() <= 2);
            paged.AddRange(page.EnumerateArray().Select(e => e.GetRawText()));
            url = response.Headers.TryGetValues("Link", out var links) ? NextLink(Assert.Single(links)) : null;
            if (url is not null)
            {
                Assert.Contains("limit=2", url, StringComparison.Ordinal);
                Assert.Equal(path.Contains("ledger-as-of", StringComparison.Ordinal), url.Contains("ledger-as-of=", StringComparison.Ordinal));
            }
        }

        Assert.Equal(whole, paged);
        Assert.Equal((whole.Length + 1) / 2, pages);
    }

    [Fact]
    public async Task A_short_timeline_is_one_page_without_a_next_link()
    {
        var response = await api.Anonymous.GetAsync("/api/timelines/telegram/monthly_active_users?limit=5000");

        await response.AssertOkJsonAsync();
        Assert.False(response.Headers.Contains("Link"));
    }

    [Fact]
    public async Task A_figure_document_counts_each_list_beside_the_claims_it_lists()
    {
        var figure = await (await api.Anonymous.GetAsync("/api/figures/telegram/monthly_active_users")).AssertOkJsonAsync();

        foreach (var list in new[] { "supporting", "compatible", "conflicts", "forecasts", "excludedClaims" })
        {
            var listed = figure.GetProperty(list).GetArrayLength();
            Assert.True(listed <= CurrentFigure.MaxListed, $"{list} lists {listed} claims");
            Assert.Equal(listed, figure.GetProperty(list + "Total").GetInt32());
        }
    }

    private static string? NextLink(string header)
    {
        var match = System.Text.RegularExpressions.Regex.Match(header, "^<([^>]*)>; rel=\"next\"$");
        Assert.True(match.Success, header);
        return match.Groups[1].Value;
    }

    [Fact]
    public async Task Claims_page_through_every_seeded_claim_in_id_order_with_the_after_cursor()
    {
        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var response = await api.Anonymous.GetAsync(after is null ? "/api/claims?limit=7" : $"/api/claims?limit=7&after={Uri.EscapeDataString(after)}");
            var page = await response.AssertOkJsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("claimId").GetString()!));
            after = page.GetProperty("next").GetString();
            Assert.Equal(after is not null, response.Headers.Contains("Link"));
            pages++;
        }
        while (after is not null && pages < 20);

        Assert.Equal(SeedCorpus.Claims.Select(c => c.Id).Order(StringComparer.Ordinal), seen);
        var bySource = await (await api.Anonymous.GetAsync($"/api/claims?source={SeedCorpus.SourceIds[0]}&limit=500")).AssertOkJsonAsync();
        Assert.Equal(SeedCorpus.Claims.Count(c => c.SourceId == SeedCorpus.SourceIds[0]), bySource.GetProperty("items").GetArrayLength());
        var byPlatform = await (await api.Anonymous.GetAsync("/api/claims?platform=WA&metric=monthly_active_users&limit=500")).AssertOkJsonAsync();
        Assert.All(byPlatform.GetProperty("items").EnumerateArray(), c => Assert.Equal("whatsapp", c.GetProperty("platform").GetString()));
    }

    [Fact]
    public async Task A_claim_and_its_trail_show_the_quote_in_its_source()
    {
        var seed = SeedCorpus.Claims[0];

        var response = await api.Anonymous.GetAsync(TestLedger.ClaimUrl(seed.Id));
        var claim = await response.AssertOkJsonAsync();
        var trail = await (await api.Anonymous.GetAsync(TestLedger.ClaimUrl(seed.Id, "/trail"))).AssertOkJsonAsync();
        var trailThen = await (await api.Anonymous.GetAsync(TestLedger.ClaimUrl(seed.Id, $"/trail?ledger-as-of={await api.Service<PostgresEventStore>().GetFeedHeadAsync()}"))).AssertOkJsonAsync();

        Assert.Equal(seed.SourceId, claim.GetProperty("sourceId").GetString());
        Assert.Equal($"\"{claim.GetProperty("version").GetInt32()}\"", response.Headers.ETag?.ToString());
        AssertSameJson((await Queries.GetTrailAsync(seed.Id))!, trail);
        Assert.Equal(trail.GetRawText(), trailThen.GetRawText());
        var quote = trail.GetProperty("quote");
        var context = quote.GetProperty("context").GetString()!;
        Assert.Equal(claim.GetProperty("quote").GetProperty("text").GetString(),
            context[quote.GetProperty("quoteStart").GetInt32()..quote.GetProperty("quoteEnd").GetInt32()]);
        Assert.True(quote.GetProperty("quoteMatchesText").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await api.Anonymous.GetAsync(TestLedger.ClaimUrl(seed.Id, "/trail?ledger-as-of=0"))).StatusCode);
        await (await api.Anonymous.GetAsync(TestLedger.ClaimUrl("nope.nothing"))).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Sources_list_every_seed_and_a_source_shows_its_text_and_claims()
    {
        var sources = await (await api.Anonymous.GetAsync("/api/sources")).AssertOkJsonAsync();
        Assert.Equal(SeedCorpus.SourceIds.Order(StringComparer.Ordinal), sources.EnumerateArray().Select(s => s.GetProperty("sourceId").GetString()));

        var sourceId = SeedCorpus.SourceIds[1];
        var response = await api.Anonymous.GetAsync($"/api/sources/{sourceId}");
        var detail = await response.AssertOkJsonAsync();
        var text = detail.GetProperty("source").GetProperty("text").GetString()!;
        var file = Directory.GetFiles(RepositoryPaths.Seeds, "*.source.json")
            .Single(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("id").GetString() == sourceId);
        Assert.Equal(File.ReadAllText(file.Replace(".source.json", ".txt", StringComparison.Ordinal)), text);
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        Assert.Equal(SeedCorpus.Claims.Where(c => c.SourceId == sourceId).Select(c => c.Id).Order(StringComparer.Ordinal),
            detail.GetProperty("claims").EnumerateArray().Select(c => c.GetProperty("claimId").GetString()).Order(StringComparer.Ordinal));

        var registered = (await api.Service<PostgresEventStore>().ReadFeedAsync(0, 10_000))
            .Single(e => e.StreamId == $"source-{sourceId}" && e.EventType == "source-registered").Sequence!.Value;
        var then = await (await api.Anonymous.GetAsync($"/api/sources/{sourceId}?ledger-as-of={registered}")).AssertOkJsonAsync();
        Assert.Equal(text, then.GetProperty("source").GetProperty("text").GetString());
        Assert.True(then.GetProperty("claims").GetArrayLength() <= detail.GetProperty("claims").GetArrayLength());
        await (await api.Anonymous.GetAsync($"/api/sources/{sourceId}?ledger-as-of=0")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task The_event_feed_pages_through_every_sealed_event_with_dense_sequences()
    {
        var sequences = new List<long>();
        long after = 0;
        while (true)
        {
            var page = await (await api.Anonymous.GetAsync($"/api/events?after={after}&limit=25")).AssertOkJsonAsync();
            var items = page.GetProperty("items").EnumerateArray().ToArray();
            sequences.AddRange(items.Select(e => e.GetProperty("sequence").GetInt64()));
            Assert.All(items, e => Assert.Equal(JsonValueKind.Object, e.GetProperty("data").ValueKind));
            if (items.Length == 0)
            {
                Assert.Equal(after, page.GetProperty("next").GetInt64());
                break;
            }

            after = page.GetProperty("next").GetInt64();
        }

        Assert.Equal(api.SeedEvents, sequences.Count);
        Assert.Equal(Enumerable.Range(1, api.SeedEvents).Select(i => (long)i), sequences);
    }

    [Fact]
    public async Task Figures_and_a_timeline_export_as_csv_with_one_row_each()
    {
        var figures = await (await api.Anonymous.GetAsync("/api/figures")).AssertOkJsonAsync();
        var csv = await api.Anonymous.GetAsync("/api/exports/figures.csv");
        var timelineCsv = await api.Anonymous.GetAsync("/api/exports/timelines/TG/monthly_active_users.csv");
        var timeline = await (await api.Anonymous.GetAsync("/api/timelines/telegram/monthly_active_users")).AssertOkJsonAsync();

        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("platform,metric,value,unit,qualifier,as_of", lines[0], StringComparison.Ordinal);
        Assert.Equal(figures.GetArrayLength() + 1, lines.Length);
        Assert.All(figures.EnumerateArray(), f => Assert.Contains(lines, l => l.Contains(f.GetProperty("claimId").GetString()!, StringComparison.Ordinal)));
        var timelineLines = (await timelineCsv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(timeline.GetArrayLength() + 1, timelineLines.Length);
        Assert.Contains("telegram-monthly_active_users.csv", timelineCsv.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/figures/myspace")]
    [InlineData("/api/figures/telegram/happiness")]
    [InlineData("/api/timelines/myspace/monthly_active_users")]
    [InlineData("/api/timelines/telegram/happiness")]
    [InlineData("/api/exports/timelines/myspace/monthly_active_users.csv")]
    [InlineData("/api/sources/no-such-source")]
    [InlineData("/api/no-such-endpoint")]
    public async Task Unknown_names_are_404_problems_with_a_hint(string url)
    {
        var problem = await (await api.Anonymous.GetAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");

        if (url.Contains("myspace", StringComparison.Ordinal))
        {
            Assert.Contains("whatsapp", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }
}
