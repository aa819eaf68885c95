using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Figures;
using FactLedger.Ledger.Persistence;

namespace FactLedger.Ledger.Tests.Integration;

/// <summary>Keyset pages of a timeline, read from the index, walk <see cref="Timeline.Build"/>'s order exactly once.</summary>
public sealed class TimelinePagingTests : IAsyncLifetime
{
    private const string Platform = "telegram";
    private const string Metric = "monthly_active_users";
    private readonly EmptyLedger _ledger = new();

    public Task InitializeAsync() => _ledger.InitializeAsync();

    public Task DisposeAsync() => _ledger.DisposeAsync();

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(Timeline.DefaultPageSize)]
    public async Task Following_the_cursors_returns_every_claim_once_in_timeline_order(int limit)
    {
        var claims = FigureReaderTests.RandomClaims(new Random(7), 300);
        await using (var connection = await _ledger.Store.DataSource.OpenConnectionAsync())
        {
            await ClaimsProjection.UpsertAsync(connection, "ledger_read.claims",
                [.. claims.Select(c => new ClaimRow(c, [ReadModelJson.FigureKey(c.Platform, c.Metric)]))], CancellationToken.None);
        }

        var expected = Timeline.Build(claims.Where(c => c.Platform == Platform && c.Metric == Metric));
        var read = new List<TimelineEntry>();
        TimelineCursor? after = null;
        var pages = 0;
        do
        {
            var page = await _ledger.Queries.GetTimelinePageAsync(Platform, Metric, after, limit);
            Assert.True(page.Entries.Count <= limit);
            Assert.Equal(Json(Timeline.Page(claims.Where(c => c.Platform == Platform && c.Metric == Metric), after, limit).Entries), Json(page.Entries));
            read.AddRange(page.Entries);
            if (page.Next is { } next)
            {
                Assert.Equal(limit, page.Entries.Count);
                Assert.True(TimelineCursor.TryDecode(next.Encode(), out var decoded));
                Assert.Equal(next, decoded);
                after = decoded;
            }
            else
            {
                after = null;
            }

            pages++;
        }
        while (after is not null && pages < 1_000);

        Assert.Equal(Json(expected), Json(read));
        Assert.Equal(read.Count, read.Select(e => e.ClaimId).Distinct().Count());
        Assert.Equal(Json(expected), Json(await _ledger.Queries.GetTimelineAsync(Platform, Metric)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor")]
    [InlineData("dDF8MHwyMDE2LTAyLTI0")]
    [InlineData("dDJ8MHwyMDE2LTAyLTAxfDJ8MHwyMDE2LTAyLTI0fDN8MTJ8YQ")]
    public void Anything_but_an_encoded_cursor_is_refused(string token) =>
        Assert.False(TimelineCursor.TryDecode(token, out _));

    private static string Json(IEnumerable<TimelineEntry> entries) => ReadModelJson.Serialize(entries.ToArray());
}
