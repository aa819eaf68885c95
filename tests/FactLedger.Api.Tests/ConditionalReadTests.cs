using System.Net;
using System.Net.Http.Headers;
using FactLedger.Api.Tests.Infrastructure;

namespace FactLedger.Api.Tests;

public sealed class ConditionalReadTests(ApiWithSeedsIngested api) : IClassFixture<ApiWithSeedsIngested>
{
    public static TheoryData<string> ProjectionReads() =>
    [
        "/api/figures",
        "/api/figures/WA",
        "/api/figures/telegram/monthly_active_users",
        "/api/timelines/telegram/monthly_active_users",
        "/api/claims?limit=5",
        "/api/sources",
        "/api/exports/figures.csv",
        "/api/exports/timelines/telegram/monthly_active_users.csv",
        "/api/exports/claim-reviews.jsonld",
        TestLedger.ClaimUrl(SeedCorpus.Claims[0].Id, "/trail"),
    ];

    [Theory]
    [MemberData(nameof(ProjectionReads))]
    public async Task A_projection_read_answers_304_to_its_own_ETag(string url)
    {
        // Other tests of this class write; let the daemon finish applying them so the tag holds still.
        await api.CatchUpAsync();
        var first = await api.Anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(etag);
        var second = await api.Anonymous.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(etag, second.Headers.ETag);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task After_a_write_the_ETag_moves_and_the_new_figure_is_served()
    {
        var seed = SeedCorpus.Claims.First(c => c.Platform == "telegram" && c.Metric == "monthly_active_users");
        var before = await api.Anonymous.GetAsync("/api/figures/telegram");
        var claimBefore = await api.Anonymous.GetAsync(TestLedger.ClaimUrl(seed.Id));

        var review = await api.FactChecker.PostJsonAsync(TestLedger.ClaimUrl(seed.Id, "/reviews"), new { verdict = "disputed", rationale = "Conditional read test." },
            r => r.Headers.IfMatch.Add(claimBefore.Headers.ETag!));
        review.EnsureSuccessStatusCode();
        await api.CatchUpAsync();

        using var figures = new HttpRequestMessage(HttpMethod.Get, "/api/figures/telegram");
        figures.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        var after = await api.Anonymous.SendAsync(figures);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);

        using var claim = new HttpRequestMessage(HttpMethod.Get, TestLedger.ClaimUrl(seed.Id));
        claim.Headers.IfNoneMatch.Add(claimBefore.Headers.ETag!);
        var claimAfter = await api.Anonymous.SendAsync(claim);
        var body = await claimAfter.AssertOkJsonAsync();
        Assert.Equal("disputed", body.GetProperty("latestVerdict").GetString());
        Assert.Equal(review.Headers.ETag, claimAfter.Headers.ETag);

        using var unchanged = new HttpRequestMessage(HttpMethod.Get, TestLedger.ClaimUrl(seed.Id));
        unchanged.Headers.IfNoneMatch.Add(claimAfter.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await api.Anonymous.SendAsync(unchanged)).StatusCode);
    }

    [Fact]
    public async Task The_catalog_answers_304_until_it_is_extended()
    {
        var first = await api.Anonymous.GetAsync("/api/catalog");
        using var same = new HttpRequestMessage(HttpMethod.Get, "/api/catalog");
        same.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await api.Anonymous.SendAsync(same)).StatusCode);

        (await api.Admin.PostJsonAsync("/api/admin/catalog/aliases", new { platformId = "line", alias = TestLedger.NewId("ln"), reason = "Test" },
            r => r.Headers.IfMatch.Add(first.Headers.ETag!))).EnsureSuccessStatusCode();

        using var changed = new HttpRequestMessage(HttpMethod.Get, "/api/catalog");
        changed.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var response = await api.Anonymous.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(first.Headers.ETag, response.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, (await SendWithAsync("/api/catalog", EntityTagHeaderValue.Any)).StatusCode);
    }

    private Task<HttpResponseMessage> SendWithAsync(string url, EntityTagHeaderValue tag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(tag);
        return api.Anonymous.SendAsync(request);
    }
}
