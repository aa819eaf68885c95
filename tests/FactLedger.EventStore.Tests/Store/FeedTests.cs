using System.Collections.Concurrent;
using FactLedger.EventStore.Append;
using FactLedger.EventStore.Events;
using FactLedger.Testing;
using Npgsql;

namespace FactLedger.EventStore.Tests.Store;

public sealed class FeedOrderingTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private const string SlowData = """{"amount":1,"note":"slow"}""";
    private const string SlowMetadata = """{"actor":"slow"}""";
    private PostgresEventStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStores.CreateAsync(database.ConnectionString);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    /// <summary>
    /// The proof the issue asks for: writers append concurrently, some holding their transaction open after taking
    /// positions (so lower positions commit after higher ones), while a consumer checkpoints through the feed.
    /// It must see every committed event exactly once.
    /// </summary>
    [Fact]
    public async Task A_checkpointing_consumer_sees_every_event_exactly_once_under_concurrent_writers()
    {
        const int writers = 4;
        const int appendsPerWriter = 1_500;
        const int eventsPerAppend = 5;
        using var writing = new CancellationTokenSource();
        var seen = new ConcurrentDictionary<Guid, long>();
        var duplicates = 0;

        var consumer = Task.Run(async () =>
        {
            long checkpoint = 0;
            while (true)
            {
                var writersDone = writing.IsCancellationRequested;
                await _store.SealAsync();
                var batch = await _store.ReadFeedAsync(checkpoint, 1_000);
                foreach (var e in batch)
                {
                    Assert.Equal(checkpoint + 1, e.Sequence);
                    checkpoint = e.Sequence!.Value;
                    if (!seen.TryAdd(e.EventId, e.Position))
                    {
                        Interlocked.Increment(ref duplicates);
                    }
                }

                if (batch.Count == 0 && writersDone && await _store.CountUnsealedAsync() == 0)
                {
                    return;
                }
            }
        });

        var slowWriter = Task.Run(async () =>
        {
            // Takes positions, then sleeps inside its transaction: the classic out-of-order commit.
            var random = new Random(7);
            for (var i = 0; i < 150; i++)
            {
                await using var connection = await _store.DataSource.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                await using var command = new NpgsqlCommand(
                    """
                    SELECT ledger.append_events(@stream, 'slow', 0, ARRAY[gen_random_uuid(), gen_random_uuid()], ARRAY['test-counted','test-counted'],
                      ARRAY[1,1], ARRAY[@data::jsonb, @data::jsonb], ARRAY[@metadata::jsonb, @metadata::jsonb], ARRAY[@digest, @digest])
                    """, connection, transaction);
                command.Parameters.AddWithValue("stream", $"slow-{i}");
                command.Parameters.AddWithValue("data", SlowData);
                command.Parameters.AddWithValue("metadata", SlowMetadata);
                command.Parameters.AddWithValue("digest", FactLedger.EventStore.Integrity.CanonicalJson.ContentDigest(SlowData, SlowMetadata));
                await command.ExecuteNonQueryAsync();
                await Task.Delay(random.Next(1, 15));
                await transaction.CommitAsync();
            }
        });

        var fastWriters = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < appendsPerWriter; i++)
            {
                await _store.AppendAsync($"w{w}-{i % 50}", "counter", ExpectedVersion.Any, TestStores.Counts(1, 2, 3, 4, 5));
            }
        })).ToArray();

        await Task.WhenAll([.. fastWriters, slowWriter]);
        writing.Cancel();
        await consumer.WaitAsync(TimeSpan.FromMinutes(3));

        var expectedTotal = writers * appendsPerWriter * eventsPerAppend + 150 * 2;
        await using var count = _store.DataSource.CreateCommand("SELECT count(*) FROM ledger.events");
        Assert.Equal(expectedTotal, (long)(await count.ExecuteScalarAsync())!);
        Assert.Equal(0, duplicates);
        Assert.Equal(expectedTotal, seen.Count);
        Assert.Equal(expectedTotal, await _store.GetFeedHeadAsync());
        Assert.True((await _store.VerifyAsync()).IsIntact);
    }

}

public sealed class FeedTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private PostgresEventStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStores.CreateAsync(database.ConnectionString);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Bulk_append_keeps_the_chains_and_the_feed()
    {
        var streams = Enumerable.Range(0, 300)
            .Select(i => new StreamAppend($"bulk-{i}", "counter", ExpectedVersion.NoStream, TestStores.Counts(i, i + 1, i + 2)))
            .ToArray();
        var written = await _store.BulkAppendAsync(streams);
        await _store.SealAllAsync();

        Assert.Equal(900, written);
        var read = await _store.ReadStreamAsync("bulk-17").ToListAsync();
        Assert.Equal([17, 18, 19], read.Select(e => ((Counted)e.Data).Amount));
        Assert.All(read, e => Assert.NotNull(e.Sequence));
        Assert.Equal(3, await _store.GetStreamVersionAsync("bulk-17"));
        var report = await _store.VerifyAsync();
        Assert.True(report.IsIntact, string.Join("; ", report.Problems.Take(5)));

        // Ordinary appends continue a bulk-loaded stream's chain.
        await _store.AppendAsync("bulk-17", "counter", ExpectedVersion.Exact(3), TestStores.Counts(20));
        Assert.True((await _store.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task Bulk_append_of_an_existing_stream_writes_nothing()
    {
        await _store.AppendAsync("bulk-existing", "counter", ExpectedVersion.NoStream, TestStores.Counts(1));
        await Assert.ThrowsAsync<PostgresException>(() => _store.BulkAppendAsync(
        [
            new StreamAppend("bulk-new-1", "counter", ExpectedVersion.NoStream, TestStores.Counts(1)),
            new StreamAppend("bulk-existing", "counter", ExpectedVersion.NoStream, TestStores.Counts(2)),
        ]));
        Assert.Null(await _store.GetStreamVersionAsync("bulk-new-1"));
    }
}
