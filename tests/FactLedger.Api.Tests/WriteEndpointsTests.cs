using System.Net;
using System.Net.Http.Headers;
using FactLedger.Api.Tests.Infrastructure;

namespace FactLedger.Api.Tests;

public sealed class WriteEndpointsTests(EmptyLedgerApi api) : IClassFixture<EmptyLedgerApi>
{
    [Fact]
    public async Task Registering_a_source_answers_201_with_location_version_etag_and_the_key_owner_as_actor()
    {
        var sourceId = TestLedger.NewId("reg");
        var response = await api.FactChecker.PostJsonAsync("/api/sources", TestLedger.Source(sourceId));

        var result = await response.AssertOkJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/sources/{sourceId}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        Assert.Equal(1, result.GetProperty("version").GetInt32());
        Assert.Equal($"source-{sourceId}", result.GetProperty("streamId").GetString());
        Assert.False(result.GetProperty("wasDuplicate").GetBoolean());

        var source = await (await api.Anonymous.GetAsync($"/api/sources/{sourceId}")).AssertOkJsonAsync();
        Assert.Equal(TestLedger.Text, source.GetProperty("source").GetProperty("text").GetString());
        await api.CatchUpAsync();
        var page = await (await api.Anonymous.GetAsync($"/api/events?after={result.GetProperty("position").GetInt64() - 1}&limit=1000")).AssertOkJsonAsync();
        var registered = page.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("streamId").GetString() == $"source-{sourceId}");
        Assert.Equal("Fiona Checker", registered.GetProperty("metadata").GetProperty("actor").GetString());
    }

    [Fact]
    public async Task A_claim_can_be_asserted_corrected_reviewed_and_retracted_and_its_history_shows_each_step()
    {
        var (_, claimId) = await TestLedger.CreateClaimAsync(api.FactChecker, "life");
        var url = TestLedger.ClaimUrl(claimId);

        var read = await api.Anonymous.GetAsync(url);
        var claim = await read.AssertOkJsonAsync();
        Assert.Equal("\"1\"", read.Headers.ETag?.ToString());
        Assert.Equal("telegram", claim.GetProperty("platform").GetString());
        Assert.Equal("Fiona Checker", claim.GetProperty("recordedBy").GetProperty("name").GetString());

        var corrected = await api.FactChecker.PostJsonAsync($"{url}/corrections", new { notes = "Checked against the company blog.", reason = "Added context" },
            r => r.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\"")));
        Assert.Equal(2, (await corrected.AssertOkJsonAsync()).GetProperty("version").GetInt32());
        Assert.Equal("\"2\"", corrected.Headers.ETag?.ToString());

        var reviewed = await api.FactChecker.PostJsonAsync($"{url}/reviews", new { verdict = "supported", rationale = "Matches the company's own post." },
            r => r.Headers.IfMatch.Add(new EntityTagHeaderValue("\"2\"")));
        Assert.Equal(3, (await reviewed.AssertOkJsonAsync()).GetProperty("version").GetInt32());

        var review = await api.Anonymous.GetAsync($"{url}/claim-review");
        var jsonLd = await review.AssertOkJsonAsync();
        Assert.Equal("application/ld+json", review.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ClaimReview", jsonLd.GetProperty("@type").GetString());
        Assert.Equal(TestLedger.Quote, jsonLd.GetProperty("claimReviewed").GetString());
        Assert.Equal(5, jsonLd.GetProperty("reviewRating").GetProperty("ratingValue").GetInt32());
        Assert.Equal("Fiona Checker", jsonLd.GetProperty("author").GetProperty("name").GetString());
        Assert.Equal("Telegram", jsonLd.GetProperty("itemReviewed").GetProperty("author").GetProperty("name").GetString());

        var export = await api.Anonymous.GetAsync("/api/exports/claim-reviews.jsonld");
        var reviews = await export.AssertOkJsonAsync();
        Assert.Contains(reviews.EnumerateArray(), r => r.GetProperty("url").GetString()!.EndsWith(Uri.EscapeDataString(claimId), StringComparison.Ordinal));

        var retracted = await api.FactChecker.PostJsonAsync($"{url}/retraction", new { reason = "Misread the article." });
        Assert.Equal(4, (await retracted.AssertOkJsonAsync()).GetProperty("version").GetInt32());

        var final = await (await api.Anonymous.GetAsync(url)).AssertOkJsonAsync();
        Assert.Equal("retracted", final.GetProperty("status").GetString());
        Assert.Equal("Checked against the company blog.", final.GetProperty("notes").GetString());
        Assert.Equal(new[] { "asserted", "corrected", "reviewed", "retracted" },
            final.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("kind").GetString()!).ToArray());
        Assert.Equal(HttpStatusCode.NotFound, (await api.Anonymous.GetAsync($"{url}/claim-review")).StatusCode);
    }

    [Fact]
    public async Task A_write_with_a_stale_If_Match_is_refused_with_409_and_the_current_version()
    {
        var (_, claimId) = await TestLedger.CreateClaimAsync(api.FactChecker, "stale");
        var url = TestLedger.ClaimUrl(claimId);
        (await api.FactChecker.PostJsonAsync($"{url}/reviews", new { verdict = "disputed", rationale = "Another outlet says less." })).EnsureSuccessStatusCode();
        var before = await api.CountEventsAsync();

        var stale = await api.FactChecker.PostJsonAsync($"{url}/corrections", new { value = 260_000_000, reason = "Typo" },
            r => r.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\"")));

        var problem = await stale.AssertProblemAsync(HttpStatusCode.Conflict, "concurrency-conflict");
        Assert.Equal(2, problem.GetProperty("currentVersion").GetInt32());
        Assert.Equal("\"2\"", stale.Headers.ETag?.ToString());
        Assert.Equal(before, await api.CountEventsAsync());
    }

    [Fact]
    public async Task A_stale_If_Match_on_a_source_correction_is_refused_too()
    {
        var sourceId = TestLedger.NewId("srcfix");
        (await api.FactChecker.PostJsonAsync("/api/sources", TestLedger.Source(sourceId))).EnsureSuccessStatusCode();
        var first = await api.FactChecker.PostJsonAsync($"/api/sources/{sourceId}/corrections", new { title = "Telegram: 250 million", reason = "Shorter title" },
            r => r.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\"")));
        Assert.Equal("\"2\"", first.Headers.ETag?.ToString());

        var second = await api.FactChecker.PostJsonAsync($"/api/sources/{sourceId}/corrections", new { cleared = new[] { "url" }, reason = "Dead link" },
            r => r.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\"")));

        await second.AssertProblemAsync(HttpStatusCode.Conflict, "concurrency-conflict");
        var source = await (await api.Anonymous.GetAsync($"/api/sources/{sourceId}")).AssertOkJsonAsync();
        Assert.Equal("Telegram: 250 million", source.GetProperty("source").GetProperty("title").GetString());
        Assert.Equal("https://news.example/telegram-250m", source.GetProperty("source").GetProperty("url").GetString());
    }

    [Fact]
    public async Task Retrying_a_post_with_the_same_Idempotency_Key_returns_the_original_result_without_a_second_event()
    {
        var (_, claimId) = await TestLedger.CreateClaimAsync(api.FactChecker, "idem");
        var url = $"{TestLedger.ClaimUrl(claimId)}/reviews";
        var key = Guid.NewGuid().ToString();
        var before = await api.CountEventsAsync();

        var first = await api.FactChecker.PostJsonAsync(url, new { verdict = "supported", rationale = "Checked." }, r => r.Headers.Add("Idempotency-Key", key));
        var retry = await api.FactChecker.PostJsonAsync(url, new { verdict = "supported", rationale = "Checked." }, r => r.Headers.Add("Idempotency-Key", key));

        var original = await first.AssertOkJsonAsync();
        var replayed = await retry.AssertOkJsonAsync();
        Assert.Equal(before + 1, await api.CountEventsAsync());
        Assert.Equal(original.GetProperty("position").GetInt64(), replayed.GetProperty("position").GetInt64());
        Assert.Equal(original.GetProperty("version").GetInt32(), replayed.GetProperty("version").GetInt32());
        Assert.Equal(original.GetProperty("recordedAt").GetDateTimeOffset(), replayed.GetProperty("recordedAt").GetDateTimeOffset());
        Assert.True(replayed.GetProperty("wasDuplicate").GetBoolean());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
    }

    [Fact]
    public async Task Retrying_a_create_with_the_same_Idempotency_Key_answers_201_again_with_one_event()
    {
        var sourceId = TestLedger.NewId("idemsrc");
        var key = Guid.NewGuid().ToString();
        var before = await api.CountEventsAsync();

        var first = await api.FactChecker.PostJsonAsync("/api/sources", TestLedger.Source(sourceId), r => r.Headers.Add("Idempotency-Key", key));
        var retry = await api.FactChecker.PostJsonAsync("/api/sources", TestLedger.Source(sourceId), r => r.Headers.Add("Idempotency-Key", key));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(before + 1, await api.CountEventsAsync());
    }

    [Fact]
    public async Task Writing_to_a_claim_that_does_not_exist_is_404()
    {
        var response = await api.FactChecker.PostJsonAsync(TestLedger.ClaimUrl("no-such.claim", "/reviews"), new { verdict = "false", rationale = "x" });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_claim_can_be_moved_to_a_platform_named_by_its_alias()
    {
        var (_, claimId) = await TestLedger.CreateClaimAsync(api.FactChecker, "alias");
        var text = TestLedger.Text;

        var corrected = await api.FactChecker.PostJsonAsync(TestLedger.ClaimUrl(claimId, "/corrections"), new { platform = "WA", reason = "Wrong app" });

        await corrected.AssertOkJsonAsync();
        var claim = await (await api.Anonymous.GetAsync(TestLedger.ClaimUrl(claimId))).AssertOkJsonAsync();
        Assert.Equal("whatsapp", claim.GetProperty("platform").GetString());
        Assert.Contains(TestLedger.Quote, text, StringComparison.Ordinal);
    }
}
