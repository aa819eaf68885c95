using FactLedger.EventStore.Events;
using FactLedger.EventStore.Projections;
using FactLedger.Testing;
using Npgsql;

namespace FactLedger.EventStore.Tests.Store;

/// <summary>Sums every counted amount into a table; applying an event twice would show in the total.</summary>
public sealed class TotalsProjection : IAsyncProjection
{
    public string Name => "test-totals";

    public int Batches { get; private set; }

    public async Task ApplyAsync(NpgsqlConnection connection, IReadOnlyList<RecordedEvent> events, CancellationToken cancellationToken)
    {
        Batches++;
        var sum = events.Select(e => e.Data).OfType<Counted>().Sum(c => c.Amount);
        await using var command = new NpgsqlCommand(
            "INSERT INTO public.test_totals (id, total, events) VALUES (1, @sum, @count) ON CONFLICT (id) DO UPDATE SET total = test_totals.total + @sum, events = test_totals.events + @count",
            connection);
        command.Parameters.AddWithValue("sum", (long)sum);
        command.Parameters.AddWithValue("count", (long)events.Count);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

public sealed class ProjectionDaemonTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private PostgresEventStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStores.CreateAsync(database.ConnectionString);
        await using var command = _store.AdminDataSource.CreateCommand(
            "CREATE TABLE IF NOT EXISTS public.test_totals (id int PRIMARY KEY, total bigint NOT NULL, events bigint NOT NULL); GRANT ALL ON public.test_totals TO factledger_app;");
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private async Task<(long Total, long Events)> TotalsAsync()
    {
        await using var command = _store.DataSource.CreateCommand("SELECT total, events FROM public.test_totals WHERE id = 1");
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetInt64(0), reader.GetInt64(1)) : (0, 0);
    }

    [Fact]
    public async Task Only_one_daemon_leads_and_another_takes_over_when_it_stops_without_applying_anything_twice()
    {
        var options = new ProjectionDaemonOptions { PollInterval = TimeSpan.FromMilliseconds(50), LeadershipRetryInterval = TimeSpan.FromMilliseconds(100), BatchSize = 7 };
        var first = new ProjectionDaemon(_store, [new TotalsProjection()], options);
        var second = new ProjectionDaemon(_store, [new TotalsProjection()], options);
        using var firstStop = new CancellationTokenSource();
        using var secondStop = new CancellationTokenSource();
        var firstRun = first.RunAsync(firstStop.Token);
        await WaitUntilAsync(() => first.IsLeader);
        var secondRun = second.RunAsync(secondStop.Token);

        for (var i = 0; i < 20; i++)
        {
            await _store.AppendAsync($"counter-d{i}", "counter", ExpectedVersion.NoStream, TestStores.Counts(1, 2));
        }

        await WaitUntilAsync(async () => (await TotalsAsync()).Events == 40);
        Assert.True(first.IsLeader);
        Assert.False(second.IsLeader);

        await firstStop.CancelAsync();
        await firstRun;
        await WaitUntilAsync(() => second.IsLeader);
        for (var i = 20; i < 30; i++)
        {
            await _store.AppendAsync($"counter-d{i}", "counter", ExpectedVersion.NoStream, TestStores.Counts(10));
        }

        await WaitUntilAsync(async () => (await TotalsAsync()).Events == 50);
        Assert.Equal((20 * 3 + 10 * 10, 50), await TotalsAsync());
        var status = Assert.Single(await second.GetStatusAsync());
        Assert.Equal(0, status.Lag);
        await secondStop.CancelAsync();
        await secondRun;
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met in 20 s");
            }

            await Task.Delay(25);
        }
    }
}

public sealed class ProjectionCrashTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private PostgresEventStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStores.CreateAsync(database.ConnectionString);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task A_failed_batch_rolls_back_with_its_checkpoint_and_is_applied_once_on_retry()
    {
        var failing = new FailingOnceProjection();
        var daemon = new ProjectionDaemon(_store, [failing]);
        await _store.AppendAsync("counter-f", "counter", ExpectedVersion.NoStream, TestStores.Counts(5));
        await _store.SealAllAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => daemon.ApplyBatchAsync(failing));
        var checkpoints = await ProjectionCheckpoints.ReadAllAsync(_store.DataSource, default);
        Assert.Equal(0, checkpoints.GetValueOrDefault(failing.Name));

        await daemon.CatchUpAsync();
        Assert.Equal(await _store.GetFeedHeadAsync(), (await ProjectionCheckpoints.ReadAllAsync(_store.DataSource, default))[failing.Name]);
        Assert.Equal(1, failing.Applied.Count(e => e.StreamId == "counter-f"));
    }

    [Fact]
    public async Task An_idle_poll_takes_no_row_lock_and_a_poll_with_work_waits_for_the_checkpoint_lock()
    {
        var projection = new FailingOnceProjection { Name = "test-idle" };
        var daemon = new ProjectionDaemon(_store, [projection]);
        await _store.AppendAsync("counter-idle", "counter", ExpectedVersion.NoStream, TestStores.Counts(2));
        await _store.SealAllAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => daemon.ApplyBatchAsync(projection));
        await daemon.CatchUpAsync();

        // Someone else holds the checkpoint row: a caught-up poll must not even ask for it.
        await using (var holder = await _store.AdminDataSource.OpenConnectionAsync())
        await using (var transaction = await holder.BeginTransactionAsync())
        {
            await LockCheckpointAsync(holder, transaction);
            Assert.Equal(0, await daemon.ApplyBatchAsync(projection).WaitAsync(TimeSpan.FromSeconds(10)));
        }

        // With a sealed event to apply, the poll does wait for the lock (sealed first: an open lock holder holds sealing back).
        await _store.AppendAsync("counter-idle", "counter", ExpectedVersion.Any, TestStores.Counts(1));
        await _store.SealAllAsync();
        await using var other = await _store.AdminDataSource.OpenConnectionAsync();
        await using var held = await other.BeginTransactionAsync();
        await LockCheckpointAsync(other, held);
        var withWork = daemon.ApplyBatchAsync(projection);
        await Task.Delay(300);
        Assert.False(withWork.IsCompleted);
        await held.RollbackAsync();
        Assert.Equal(1, await withWork.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static async Task LockCheckpointAsync(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        await using var lockRow = new NpgsqlCommand("SELECT 1 FROM ledger.projection_checkpoints WHERE name = 'test-idle' FOR UPDATE", connection, transaction);
        await lockRow.ExecuteNonQueryAsync();
    }

    private sealed class FailingOnceProjection : IAsyncProjection
    {
        private bool _failed;

        public string Name { get; init; } = "test-failing-once";

        public List<RecordedEvent> Applied { get; } = [];

        public Task ApplyAsync(NpgsqlConnection connection, IReadOnlyList<RecordedEvent> events, CancellationToken cancellationToken)
        {
            if (!_failed)
            {
                _failed = true;
                throw new InvalidOperationException("simulated crash mid-batch");
            }

            Applied.AddRange(events);
            return Task.CompletedTask;
        }
    }

}

public sealed class ProjectionWakeTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private PostgresEventStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStores.CreateAsync(database.ConnectionString);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task The_leader_wakes_on_appends_and_bulk_appends_in_its_own_process_long_before_its_poll_interval_without_a_notification()
    {
        await using var listener = await AppendNotificationsAsync();
        var projection = new RecordingProjection();
        await using (await LeadAsync(_store, projection))
        {
            await AppendsAndBulkAppendsReachAsync(_store, projection, "counter-wake");
            Assert.Equal(0, await listener.CountAsync(TimeSpan.FromMilliseconds(300)));
        }
    }

    [Fact]
    public async Task A_leader_in_another_process_is_woken_by_a_notification_long_before_its_poll_interval()
    {
        // Two stores on one database stand for two processes: neither's appends can reach the other's daemon directly.
        await using var leaderProcess = await TestStores.CreateAsync(database.ConnectionString);
        var projection = new RecordingProjection();
        await using (await LeadAsync(leaderProcess, projection))
        {
            await AppendsAndBulkAppendsReachAsync(_store, projection, "counter-remote-wake");
        }
    }

    [Fact]
    public async Task Appends_send_no_notification_while_no_daemon_leads_and_do_once_one_leads_elsewhere()
    {
        await using var writerProcess = await TestStores.CreateAsync(database.ConnectionString);
        await using var listener = await AppendNotificationsAsync();
        await WaitAsync(() => !LeaderLockHeld());
        for (var i = 0; i < 5; i++)
        {
            await writerProcess.AppendAsync($"counter-unheard-{i}", "counter", ExpectedVersion.NoStream, TestStores.Counts(1));
        }

        Assert.Equal(0, await listener.CountAsync(TimeSpan.FromMilliseconds(300)));

        await using var leaderProcess = await TestStores.CreateAsync(database.ConnectionString);
        await using var leader = await LeadAsync(leaderProcess, new RecordingProjection());
        // The writer asks whether anybody leads at most once per check interval: it notices the new leader within it.
        var heard = 0;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        for (var i = 0; heard == 0; i++)
        {
            Assert.True(DateTime.UtcNow < deadline, "no notification within 10 s of a leader starting");
            await writerProcess.AppendAsync($"counter-heard-{i}", "counter", ExpectedVersion.NoStream, TestStores.Counts(1));
            heard = await listener.CountAsync(TimeSpan.FromMilliseconds(100));
        }
    }

    [Fact]
    public async Task A_leader_that_stops_lets_go_of_its_lock_while_its_connection_stays_in_the_pool()
    {
        await WaitAsync(() => !LeaderLockHeld());
        await using (await LeadAsync(_store, new RecordingProjection()))
        {
            Assert.True(LeaderLockHeld());
        }

        // The store and its pool live on; the pool's reset would only run when the connection is next used.
        Assert.False(LeaderLockHeld());
    }

    [Fact]
    public async Task A_leader_whose_connection_is_killed_leads_again_and_still_wakes_on_appends()
    {
        await WaitAsync(() => !LeaderLockHeld());
        var projection = new RecordingProjection();
        await using (await LeadAsync(_store, projection))
        {
            var killed = LeaderBackend();
            Assert.True(Terminate(killed));

            // The listener sees its connection die, the daemon seeks leadership again on a new one.
            await WaitAsync(() => LeaderBackend() is { } pid && pid != killed);
            await Task.Delay(200);
            await AppendsAndBulkAppendsReachAsync(_store, projection, "counter-after-kill");
        }
    }

    [Fact]
    public void A_daemon_refuses_intervals_that_would_spin_or_never_wake()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProjectionDaemon(_store, [], new ProjectionDaemonOptions { PollInterval = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProjectionDaemon(_store, [], new ProjectionDaemonOptions { LeadershipRetryInterval = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProjectionDaemon(_store, [], new ProjectionDaemonOptions { BatchSize = 0 }));
    }

    /// <summary>Starts a daemon that leads with a five-minute poll, and stops it when disposed.</summary>
    private static async Task<IAsyncDisposable> LeadAsync(PostgresEventStore store, RecordingProjection projection)
    {
        var daemon = new ProjectionDaemon(store, [projection], new ProjectionDaemonOptions { PollInterval = TimeSpan.FromMinutes(5) });
        var stop = new CancellationTokenSource();
        var run = daemon.RunAsync(stop.Token);
        await WaitAsync(() => daemon.IsLeader);
        // The leader's first pass runs unprompted; after it, only a wake-up can bring it back within five minutes.
        await Task.Delay(200);
        return new RunningDaemon(stop, run);
    }

    private sealed class RunningDaemon(CancellationTokenSource stop, Task run) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await run;
            stop.Dispose();
        }
    }

    private static async Task AppendsAndBulkAppendsReachAsync(PostgresEventStore writer, RecordingProjection projection, string prefix)
    {
        await writer.AppendAsync($"{prefix}-1", "counter", ExpectedVersion.NoStream, TestStores.Counts(1));
        await WaitAsync(() => projection.Streams.Contains($"{prefix}-1"));

        await writer.BulkAppendAsync([new FactLedger.EventStore.Append.StreamAppend($"{prefix}-2", "counter", ExpectedVersion.NoStream, TestStores.Counts(2))]);
        await WaitAsync(() => projection.Streams.Contains($"{prefix}-2"));
    }

    /// <summary>Whether any session holds the daemon's leader lock (a previous test's leader lets go as its session ends).</summary>
    private bool LeaderLockHeld()
    {
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 18028 AND objid = 1147233645", connection);
        return (long)command.ExecuteScalar()! > 0;
    }

    /// <summary>The server process of the session holding the leader lock, if any.</summary>
    private int? LeaderBackend()
    {
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = 18028 AND objid = 1147233645", connection);
        return command.ExecuteScalar() as int?;
    }

    private bool Terminate(int? pid)
    {
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT pg_terminate_backend($1)", connection);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = pid ?? 0 });
        return (bool)command.ExecuteScalar()!;
    }

    private async Task<NotificationListener> AppendNotificationsAsync()
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var listener = new NotificationListener(connection);
        await using var listen = new NpgsqlCommand("LISTEN ledger_appended", connection);
        await listen.ExecuteNonQueryAsync();
        return listener;
    }

    /// <summary>Counts <c>ledger_appended</c> notifications on a connection of its own, as any other listener would.</summary>
    private sealed class NotificationListener : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private int _received;

        public NotificationListener(NpgsqlConnection connection)
        {
            _connection = connection;
            _connection.Notification += (_, _) => _received++;
        }

        /// <summary>The notifications received so far, after listening for <paramref name="duration"/> more; resets the count.</summary>
        public async Task<int> CountAsync(TimeSpan duration)
        {
            var until = DateTime.UtcNow + duration;
            for (var left = duration; left > TimeSpan.Zero; left = until - DateTime.UtcNow)
            {
                // Whole milliseconds, at least one: Npgsql takes a timeout of 0 to mean "forever".
                await _connection.WaitAsync((int)Math.Ceiling(left.TotalMilliseconds));
            }

            var received = _received;
            _received = 0;
            return received;
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "not woken within 10 s");
            await Task.Delay(10);
        }
    }

    private sealed class RecordingProjection : IAsyncProjection
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _streams = new();

        public string Name => "test-recording";

        public ICollection<string> Streams => _streams.Keys;

        public Task ApplyAsync(NpgsqlConnection connection, IReadOnlyList<RecordedEvent> events, CancellationToken cancellationToken)
        {
            foreach (var e in events)
            {
                _streams[e.StreamId] = true;
            }

            return Task.CompletedTask;
        }
    }
}
