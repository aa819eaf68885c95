using System.Collections.Concurrent;
using System.Net;
using FactLedger.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FactLedger.Api.Tests.Faults;

/// <summary>
/// Issue 7 (faults): clients racing on the same claims with If-Match lose no update and hear of every conflict, and
/// the feed they produce afterwards is complete, dense and verifiable.
/// </summary>
public sealed class ConcurrentWritersTests(FuzzLedgerApi api, ITestOutputHelper output) : IClassFixture<FuzzLedgerApi>
{
    private const int Writers = 8;
    private const int WritesPerWriter = 30;
    private const int SharedClaims = 3;

    [Fact]
    public async Task Racing_writers_lose_no_update_and_the_feed_stays_complete_and_intact()
    {
        var claims = new List<string>();
        for (var i = 0; i < SharedClaims; i++)
        {
            claims.Add((await TestLedger.CreateClaimAsync(api.FactChecker, "race")).ClaimId);
        }

        var startVersions = new Dictionary<string, int>();
        foreach (var claimId in claims)
        {
            startVersions[claimId] = await VersionAsync(claimId);
        }

        var accepted = new ConcurrentDictionary<string, int>();
        var conflicts = new ConcurrentDictionary<string, int>();
        var asserted = new ConcurrentBag<string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var client = api.CreateClient(api.FactCheckerKey);
            var random = new Random(31 * w);
            for (var i = 0; i < WritesPerWriter; i++)
            {
                deadline.Token.ThrowIfCancellationRequested();
                if (w % 4 == 3)
                {
                    var sourceId = TestLedger.NewId("new");
                    (await client.PostJsonAsync("/api/sources", TestLedger.Source(sourceId))).EnsureSuccessStatusCode();
                    var claimId = $"{sourceId}.mau";
                    var created = await client.PostJsonAsync("/api/claims", TestLedger.Claim(claimId, sourceId, value: random.Next(1, 1_000_000)));
                    Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                    asserted.Add(claimId);
                    continue;
                }

                var target = claims[random.Next(claims.Count)];
                var read = await client.GetAsync(TestLedger.ClaimUrl(target));
                Assert.Equal(HttpStatusCode.OK, read.StatusCode);
                var etag = read.Headers.ETag!;
                object body = random.Next(2) == 0
                    ? new { verdict = random.Next(2) == 0 ? "supported" : "disputed", rationale = $"writer {w} pass {i}" }
                    : new { reason = $"writer {w} pass {i}", value = random.Next(1, 1_000_000_000) };
                var url = TestLedger.ClaimUrl(target, body.GetType().GetProperty("verdict") is null ? "/corrections" : "/reviews");
                var response = await client.PostJsonAsync(url, body, r => r.Headers.IfMatch.Add(etag));
                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, "concurrency-conflict");
                    Assert.True(problem.GetProperty("currentVersion").GetInt32() > Version(etag.Tag));
                    conflicts.AddOrUpdate(target, 1, (_, n) => n + 1);
                }
                else
                {
                    var result = await response.AssertOkJsonAsync();
                    Assert.Equal(Version(etag.Tag) + 1, result.GetProperty("version").GetInt32());
                    accepted.AddOrUpdate(target, 1, (_, n) => n + 1);
                }
            }
        }, deadline.Token)).ToArray();
        await Task.WhenAll(writers);

        foreach (var claimId in claims)
        {
            Assert.Equal(startVersions[claimId] + accepted.GetValueOrDefault(claimId), await VersionAsync(claimId));
        }

        output.WriteLine($"accepted {accepted.Values.Sum()}, conflicts {conflicts.Values.Sum()}, asserted {asserted.Count}");
        Assert.True(conflicts.Values.Sum() > 0, "The writers never raced; the test proved nothing about conflicts.");
        Assert.Equal(Writers / 4 * WritesPerWriter, asserted.Count);

        await api.CatchUpAsync();
        var sequences = await ReadWholeFeedAsync();
        Assert.Equal(await api.CountEventsAsync(), sequences.Count);
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(s => (long)s), sequences);

        var verify = await (await api.Admin.PostAsync("/api/admin/verify", null)).AssertOkJsonAsync();
        Assert.Empty(verify.GetProperty("problems").EnumerateArray());
        Assert.Equal(0, verify.GetProperty("unsealedEvents").GetInt64());
        Assert.Equal(sequences.Count, verify.GetProperty("eventsChecked").GetInt64());
    }

    private async Task<int> VersionAsync(string claimId)
    {
        var response = await api.Anonymous.GetAsync(TestLedger.ClaimUrl(claimId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Version(response.Headers.ETag!.Tag);
    }

    private static int Version(string tag) => int.Parse(tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);

    private async Task<List<long>> ReadWholeFeedAsync()
    {
        var sequences = new List<long>();
        long after = 0;
        while (true)
        {
            var page = await (await api.Anonymous.GetAsync($"/api/events?after={after}&limit=1000")).AssertOkJsonAsync();
            var items = page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()).ToList();
            if (items.Count == 0)
            {
                Assert.Equal(after, page.GetProperty("head").GetInt64());
                return sequences;
            }

            sequences.AddRange(items);
            after = page.GetProperty("next").GetInt64();
        }
    }
}
