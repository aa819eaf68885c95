using FactLedger.EventStore.Append;
using Npgsql;

namespace FactLedger.EventStore.Projections;

public sealed record ProjectionDaemonOptions
{
    public int BatchSize { get; init; } = 2_000;

    /// <summary>How often to look for work when no notification arrives (notifications can be missed on reconnect).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often a follower tries to take over leadership.</summary>
    public TimeSpan LeadershipRetryInterval { get; init; } = TimeSpan.FromSeconds(1);
}

public sealed record ProjectionStatus(string Name, long Checkpoint, long FeedHead)
{
    public long Lag => Math.Max(0, FeedHead - Checkpoint);
}

/// <summary>
/// Seals the feed and drives async projections. Many processes may run it against one database; a session
/// advisory lock makes exactly one of them the leader, and when that process dies its lock dies with its
/// connection, so another takes over within <see cref="ProjectionDaemonOptions.LeadershipRetryInterval"/>.
/// </summary>
public sealed class ProjectionDaemon(PostgresEventStore store, IEnumerable<IAsyncProjection> projections, ProjectionDaemonOptions? options = null)
{
    internal const long LeaderLockKey = 0x466C_4461_656D; // "FlDaem"
    private readonly IReadOnlyList<IAsyncProjection> _projections = projections.ToArray();
    private readonly ProjectionDaemonOptions _options = Validated(options ?? new ProjectionDaemonOptions());
    private volatile bool _isLeader;

    public bool IsLeader => _isLeader;

    private static ProjectionDaemonOptions Validated(ProjectionDaemonOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.PollInterval, TimeSpan.Zero, nameof(options.PollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.LeadershipRetryInterval, TimeSpan.Zero, nameof(options.LeadershipRetryInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options.BatchSize));
        return options;
    }

    /// <summary>Raised after a batch and its checkpoint are committed, with the projection's name: read caches listen.</summary>
    public event Action<string>? BatchCommitted;

    public IReadOnlyList<IAsyncProjection> Projections => _projections;

    /// <summary>Runs until cancelled: waits for leadership, then keeps the feed sealed and projections current.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
                if (!await TryLockAsync(connection, cancellationToken))
                {
                    await Task.Delay(_options.LeadershipRetryInterval, cancellationToken);
                    continue;
                }

                await LeadAsync(connection, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.IO.IOException)
            {
                // The database went away or our connection broke: our lock is gone with it. Try again shortly.
                _isLeader = false;
                await Task.Delay(_options.LeadershipRetryInterval, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            finally
            {
                _isLeader = false;
            }
        }
    }

    private async Task LeadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var wake = new WakeSignal();
        connection.Notification += (_, _) => wake.Set();
        await using (var listen = new NpgsqlCommand("LISTEN ledger_appended; LISTEN ledger_sealed", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }

        using var stopListening = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var listening = connection.ReceiveNotificationsAsync(stopListening.Token);
        // Appends through this process's store wake this leader directly; other processes' appends arrive as notifications.
        using (store.AttachLocalLeader(wake))
        {
            try
            {
                _isLeader = true;
                while (!cancellationToken.IsCancellationRequested)
                {
                    await store.SealAllAsync(cancellationToken);
                    foreach (var projection in _projections)
                    {
                        while (await ApplyBatchAsync(projection, cancellationToken) > 0)
                        {
                        }
                    }

                    // Wakes on an append or a notification, or after the poll interval, so a missed one costs at most that.
                    var woken = wake.WaitAsync(_options.PollInterval, stopListening.Token);
                    if (await Task.WhenAny(woken, listening) == listening)
                    {
                        // The leader's connection failed, and its lock with it: this throws, and leadership is sought again.
                        await listening;
                    }
                }
            }
            finally
            {
                await stopListening.CancelAsync();
                await listening.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
                await ResignAsync(connection);
            }
        }
    }

    /// <summary>
    /// Gives up the lock and the LISTENs before the connection goes back to the pool: the pool's reset runs only when
    /// the connection is next used, and until then another process could neither lead nor see that nobody does.
    /// </summary>
    private static async Task ResignAsync(NpgsqlConnection connection)
    {
        if (connection.FullState != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await using var resign = new NpgsqlCommand("UNLISTEN *; SELECT pg_advisory_unlock(@key)", connection);
            resign.Parameters.Add(new NpgsqlParameter<long>("key", LeaderLockKey));
            await resign.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.IO.IOException or InvalidOperationException)
        {
            // The connection broke: the lock and the LISTENs ended with its session.
        }
    }

    /// <summary>
    /// Brings the feed and every projection up to date now, then returns (for the CLI and tests). If another
    /// process leads, waits for it to catch up instead of applying anything itself.
    /// </summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        if (await TryLockAsync(connection, cancellationToken))
        {
            try
            {
                await store.SealAllAsync(cancellationToken);
                foreach (var projection in _projections)
                {
                    while (await ApplyBatchAsync(projection, cancellationToken) > 0)
                    {
                    }
                }
            }
            finally
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                unlock.Parameters.Add(new NpgsqlParameter<long>("key", LeaderLockKey));
                await unlock.ExecuteNonQueryAsync(cancellationToken);
            }

            return;
        }

        while (true)
        {
            await store.SealAllAsync(cancellationToken);
            var statuses = await GetStatusAsync(cancellationToken);
            if (statuses.All(s => s.Lag == 0) && await store.CountUnsealedAsync(cancellationToken) == 0)
            {
                return;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Applies the next batch of the feed to one projection, with its checkpoint, in one transaction.</summary>
    public async Task<int> ApplyBatchAsync(IAsyncProjection projection, CancellationToken cancellationToken = default)
    {
        // An idle poll takes no row lock: a lock would give it a transaction id, and every finished one changes the
        // snapshot that read caches key on (see the API's read position), so a quiet ledger would look busy.
        if (await IsCaughtUpAsync(projection.Name, cancellationToken))
        {
            return 0;
        }

        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var checkpoint = await ProjectionCheckpoints.LockAsync(connection, projection.Name, cancellationToken);
        var events = await store.ReadFeedAsync(connection, checkpoint, _options.BatchSize, cancellationToken);
        if (events.Count == 0)
        {
            return 0;
        }

        await projection.ApplyAsync(connection, events, cancellationToken);
        await ProjectionCheckpoints.SetAsync(connection, projection.Name, events[^1].Sequence!.Value, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        BatchCommitted?.Invoke(projection.Name);
        return events.Count;
    }

    private async Task<bool> IsCaughtUpAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = store.DataSource.CreateCommand(
            """
            SELECT coalesce((SELECT sequence FROM ledger.projection_checkpoints WHERE name = @name), -1)
                >= coalesce((SELECT max(sequence) FROM ledger.feed), 0)
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("name", name));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<ProjectionStatus>> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var head = await store.GetFeedHeadAsync(cancellationToken);
        var checkpoints = await ProjectionCheckpoints.ReadAllAsync(store.DataSource, cancellationToken);
        return _projections.Select(p => new ProjectionStatus(p.Name, checkpoints.GetValueOrDefault(p.Name), head)).ToArray();
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        command.Parameters.Add(new NpgsqlParameter<long>("key", LeaderLockKey));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
