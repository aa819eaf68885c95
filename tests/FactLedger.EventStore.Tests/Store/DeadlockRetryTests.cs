using FactLedger.EventStore.Events;
using FactLedger.EventStore.Projections;
using FactLedger.Testing;
using Npgsql;

namespace FactLedger.EventStore.Tests.Store;

public sealed class DeadlockRetryTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly CrossingLocksProjection _projection = new();
    private PostgresEventStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStores.CreateAsync(database.ConnectionString, [_projection]);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task An_append_rolled_back_as_a_deadlocks_victim_runs_again_and_both_appends_land()
    {
        // Each append's inline projection locks its events' keys in event order, and the two appends meet after
        // their first lock: one waits for the other's second key while holding it, which the server breaks.
        var first = Task.Run(() => _store.AppendAsync("counter-crossing-a", "counter", ExpectedVersion.NoStream, TestStores.Counts(1, 2)));
        var second = Task.Run(() => _store.AppendAsync("counter-crossing-b", "counter", ExpectedVersion.NoStream, TestStores.Counts(2, 1)));

        await Task.WhenAll(first, second);

        Assert.Equal(2, (await _store.ReadStreamAsync("counter-crossing-a").ToListAsync()).Count);
        Assert.Equal(2, (await _store.ReadStreamAsync("counter-crossing-b").ToListAsync()).Count);
        Assert.Equal(3, _projection.Runs);
    }

    /// <summary>Takes one advisory lock per event, keyed by its amount, in event order.</summary>
    private sealed class CrossingLocksProjection : IInlineProjection
    {
        private const long KeyBase = 0x7E57_0000;
        private readonly TaskCompletionSource _bothHoldTheirFirstLock = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;
        private int _runs;

        public string Name => "test-crossing-locks";

        public int Runs => Volatile.Read(ref _runs);

        public async Task ApplyAsync(NpgsqlConnection connection, IReadOnlyList<RecordedEvent> events, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            var keys = events.Select(e => KeyBase + ((Counted)e.Data).Amount).ToArray();
            await LockAsync(connection, keys[0], cancellationToken);
            // Only the first two runs meet; the victim's second try goes straight on.
            var arrived = Interlocked.Increment(ref _arrived);
            if (arrived == 2)
            {
                _bothHoldTheirFirstLock.SetResult();
            }

            if (arrived <= 2)
            {
                await _bothHoldTheirFirstLock.Task.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
            }

            await LockAsync(connection, keys[1], cancellationToken);
        }

        private static async Task LockAsync(NpgsqlConnection connection, long key, CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
