using System.Net;
using FactLedger.Api.Tests.Infrastructure;
using FactLedger.Ledger.Application;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Hosting;
using FactLedger.Ledger.Sources;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FactLedger.Api.Tests;

/// <summary>The ledger after the seeds, with the response cache turned off.</summary>
public sealed class UncachedApiWithSeeds : ApiWithSeedsIngested
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } =
        new Dictionary<string, string> { ["FactLedger:Api:ResponseCache"] = "false" };
}

/// <summary>
/// Projection reads are answered from memory while the read position stands still, and never after it moved: a write
/// through this process, a projection batch, or (within the maximum age) a write by another process.
/// </summary>
public sealed class ResponseCacheTests(ApiWithSeedsIngested api) : IClassFixture<ApiWithSeedsIngested>
{
    private const string Figure = "/api/figures/telegram/monthly_active_users";

    [Fact]
    public async Task A_repeated_figure_read_is_served_from_the_cache_with_the_same_body_and_tag()
    {
        await api.CatchUpAsync();
        var url = $"{Figure}?probe={Guid.NewGuid():N}";
        var first = await api.Anonymous.GetAsync(url);
        var second = await api.Anonymous.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Null(first.Headers.Age);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.NotNull(second.Headers.Age);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal("application/json", second.Content.Headers.ContentType?.MediaType);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(second.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await api.Anonymous.SendAsync(conditional)).StatusCode);
    }

    [Fact]
    public async Task A_write_through_this_process_is_never_answered_from_the_cache()
    {
        await api.CatchUpAsync();
        var (_, claimId) = await TestLedger.CreateClaimAsync(api.FactChecker, "cache");
        await api.CatchUpAsync();
        var before = await api.Anonymous.GetAsync(Figure);
        var cached = await api.Anonymous.GetAsync(Figure);
        Assert.NotNull(cached.Headers.Age);

        var claim = await api.Anonymous.GetAsync(TestLedger.ClaimUrl(claimId));
        var retraction = await api.FactChecker.PostJsonAsync(TestLedger.ClaimUrl(claimId, "/retraction"), new { reason = "Response cache test." },
            r => r.Headers.IfMatch.Add(claim.Headers.ETag!));
        Assert.True(retraction.IsSuccessStatusCode, await retraction.Content.ReadAsStringAsync());

        // Straight after the write, before the daemon has run: the tag has moved, so no cached answer fits.
        var after = await api.Anonymous.GetAsync(Figure);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Null(after.Headers.Age);
        Assert.True(before.Headers.ETag?.Tag != after.Headers.ETag?.Tag,
            $"The tag stayed {after.Headers.ETag} after the write at position {(await retraction.AssertOkJsonAsync()).GetProperty("position")}; the database is at {(await api.Service<LedgerQueries>().GetReadPositionAsync()).ETag}");

        // Once projected (the daemon may already have been at it during the read above), the figure shows the retraction.
        await api.CatchUpAsync();
        var projected = await api.Anonymous.GetAsync(Figure);
        Assert.NotEqual(before.Headers.ETag, projected.Headers.ETag);
        Assert.NotEqual(await before.Content.ReadAsStringAsync(), await projected.Content.ReadAsStringAsync());
        Assert.Contains(claimId, await projected.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_by_another_process_is_seen_within_the_maximum_age()
    {
        await api.CatchUpAsync();
        var before = await api.Anonymous.GetAsync(Figure);

        // Another node: its own wiring on the same database, no HTTP, no daemon.
        await using (var otherNode = new ServiceCollection().AddFactLedger(new FactLedgerOptions { ConnectionString = api.ConnectionString }).BuildServiceProvider())
        {
            var sourceId = TestLedger.NewId("other-node");
            await otherNode.GetRequiredService<LedgerCommands>().RegisterSourceAsync(
                new RegisterSource(sourceId, "Another node's source", "Example News", null, null, "en", PartialDate.Day(2024, 5, 1), null,
                    "Telegram has 950 million monthly active users.", null, null),
                new CommandContext("other-node"));
        }

        var options = api.Service<FactLedgerApiOptions>();
        var deadline = DateTimeOffset.UtcNow + options.ReadPositionMaxAge + TimeSpan.FromSeconds(2);
        HttpResponseMessage now;
        do
        {
            now = await api.Anonymous.GetAsync(Figure);
        }
        while (now.Headers.ETag?.Tag == before.Headers.ETag?.Tag && DateTimeOffset.UtcNow < deadline);

        var actual = await api.Service<LedgerQueries>().GetReadPositionAsync();
        Assert.True(before.Headers.ETag?.Tag != now.Headers.ETag?.Tag, $"The tag stayed {now.Headers.ETag} (age {now.Headers.Age}) though the database is at {actual.ETag}");
    }

    [Fact]
    public async Task The_read_position_counts_an_append_only_once_it_has_committed()
    {
        var queries = api.Service<LedgerQueries>();
        await api.CatchUpAsync();
        var before = await queries.GetReadPositionAsync();

        // An append that has taken its position but not committed: a read now must not be tagged as including it.
        await using (var connection = new NpgsqlConnection(api.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var append = new NpgsqlCommand(
                """
                INSERT INTO ledger.events (position, stream_id, stream_version, event_id, event_type, data, metadata, content_digest, hash)
                VALUES (nextval('ledger.event_position'), @stream, 1, gen_random_uuid(), 'uncommitted-test', '{}', '{}', '\x00', '\x00')
                """, connection, transaction);
            append.Parameters.AddWithValue("stream", TestLedger.NewId("uncommitted"));
            await append.ExecuteNonQueryAsync();
            Assert.Equal(before.ETag, (await queries.GetReadPositionAsync()).ETag);
            await transaction.RollbackAsync();
        }

        await TestLedger.CreateClaimAsync(api.FactChecker, "committed");
        Assert.Equal(before.CommittedEvents + 2, (await queries.GetReadPositionAsync()).CommittedEvents);
        await api.CatchUpAsync();
        Assert.Equal(before.CommittedEvents + 2, (await queries.GetReadPositionAsync()).CommittedEvents);
    }

    [Fact]
    public async Task A_rebuild_that_swaps_in_a_table_moves_the_read_position()
    {
        var queries = api.Service<LedgerQueries>();
        await api.CatchUpAsync();
        var before = await queries.GetReadPositionAsync();

        await api.Service<ProjectionRebuilder>().RebuildAsync("claims");

        var after = await queries.GetReadPositionAsync();
        Assert.Equal(before.CommittedEvents, after.CommittedEvents);
        Assert.NotEqual(before.ETag, after.ETag);
    }

    [Fact]
    public async Task Problems_are_not_cached()
    {
        var url = $"/api/figures/no-such-platform/monthly_active_users?probe={Guid.NewGuid():N}";
        var first = await api.Anonymous.GetAsync(url);
        var second = await api.Anonymous.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.Null(second.Headers.Age);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Different_query_strings_are_different_answers()
    {
        await api.CatchUpAsync();
        var now = await (await api.Anonymous.GetAsync("/api/figures/telegram")).AssertOkJsonAsync();
        var then = await (await api.Anonymous.GetAsync("/api/figures/telegram?valid-at=2016-03-01")).AssertOkJsonAsync();
        var nowAgain = await (await api.Anonymous.GetAsync("/api/figures/telegram")).AssertOkJsonAsync();

        Assert.Equal(now.ToString(), nowAgain.ToString());
        Assert.NotEqual(now.ToString(), then.ToString());
    }
}

public sealed class ResponseCacheOffTests(UncachedApiWithSeeds api) : IClassFixture<UncachedApiWithSeeds>
{
    [Fact]
    public async Task With_the_cache_off_every_read_is_computed_and_still_conditional()
    {
        await api.CatchUpAsync();
        var first = await api.Anonymous.GetAsync("/api/figures/telegram/monthly_active_users");
        var second = await api.Anonymous.GetAsync("/api/figures/telegram/monthly_active_users");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Null(second.Headers.Age);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/figures/telegram/monthly_active_users");
        conditional.Headers.IfNoneMatch.Add(second.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await api.Anonymous.SendAsync(conditional)).StatusCode);
    }
}
