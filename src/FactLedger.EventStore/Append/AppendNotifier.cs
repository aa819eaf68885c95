using Npgsql;

namespace FactLedger.EventStore.Append;

/// <summary>
/// Tells the projection daemon's leader that events were committed. The only listener is that leader, so the message
/// goes where it leads:
/// <list type="bullet">
/// <item>a leader in this process is woken directly, with no round trip;</item>
/// <item>a leader elsewhere gets one <c>NOTIFY ledger_appended</c> for any number of appends that committed since the
/// last one, at most one per <see cref="Pause"/>, from a connection of this notifier's own, outside any append's
/// transaction;</item>
/// <item>with no leader anywhere, nothing is sent: a leader that starts catches up first, and polls.</item>
/// </list>
/// </summary>
/// <remarks>
/// A NOTIFY inside every append transaction made all committing appends queue on PostgreSQL's single notification
/// lock and woke every listener once per append. Even gathered, notifications nobody listened to cost appends about
/// 3 % of their rate at 4 writers. The connection is the notifier's own, neither the appends' (Npgsql's idle queue is
/// first in, first out, so one more user of that pool rotated a lone writer's appends between backends) nor the
/// ordinary pool's (whose reset on return, DISCARD ALL, would run before every notification).
/// </remarks>
internal sealed class AppendNotifier : IAsyncDisposable
{
    /// <summary>
    /// How long a burst of appends is gathered into one notification; a listener wakes at most this much later. Each
    /// notification is a transaction of its own, so this bounds them to 100 a second whatever the append rate.
    /// </summary>
    internal static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// How long the answer to "does a leader run elsewhere?" is trusted. A leader that starts meanwhile misses at most
    /// this much of notifications, and polls more often than that.
    /// </summary>
    internal static readonly TimeSpan LeaderCheckInterval = TimeSpan.FromSeconds(1);

    private readonly NpgsqlDataSource _dataSource;
    private readonly WakeSignal _committed = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private WakeSignal? _localLeader;
    private bool _leaderSeen;
    private long _nextLeaderCheck;

    public AppendNotifier(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true, MaxPoolSize = 1 }.ConnectionString);
        _loop = Task.Run(() => RunAsync(_stopping.Token));
    }

    /// <summary>Called after an append committed; never waits and never fails.</summary>
    public void Committed() => (Volatile.Read(ref _localLeader) ?? _committed).Set();

    /// <summary>The daemon leading in this process takes its wake-ups here, until it disposes the result.</summary>
    public IDisposable AttachLocalLeader(WakeSignal wake)
    {
        Volatile.Write(ref _localLeader, wake);
        return new Detach(this, wake);
    }

    private sealed class Detach(AppendNotifier notifier, WakeSignal wake) : IDisposable
    {
        public void Dispose() => Interlocked.CompareExchange(ref notifier._localLeader, null, wake);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _committed.WaitAsync(cancellationToken);
                await Task.Delay(Pause, cancellationToken);
                if (await LeaderRunsElsewhereAsync(cancellationToken))
                {
                    await using var notify = _dataSource.CreateCommand("NOTIFY ledger_appended");
                    await notify.ExecuteNonQueryAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.IO.IOException or InvalidOperationException)
            {
                // A listener also polls, so a lost notification only delays it; the next commit tries again.
                _nextLeaderCheck = 0;
            }
        }
    }

    /// <summary>Whether a session holds the daemon's leader lock in this database, asked at most once per interval.</summary>
    private async Task<bool> LeaderRunsElsewhereAsync(CancellationToken cancellationToken)
    {
        if (Environment.TickCount64 < _nextLeaderCheck)
        {
            return _leaderSeen;
        }

        // A bigint advisory key shows in pg_locks as its high and low 32 bits, with objsubid 1.
        await using var command = _dataSource.CreateCommand(
            """
            SELECT EXISTS (
              SELECT 1 FROM pg_locks
              WHERE locktype = 'advisory' AND granted AND objsubid = 1
                AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND classid = $1::bigint::oid AND objid = $2::bigint::oid)
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Projections.ProjectionDaemon.LeaderLockKey >>> 32 });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Projections.ProjectionDaemon.LeaderLockKey & 0xFFFF_FFFF });
        _leaderSeen = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        _nextLeaderCheck = Environment.TickCount64 + (long)LeaderCheckInterval.TotalMilliseconds;
        return _leaderSeen;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _loop;
        await _dataSource.DisposeAsync();
        _stopping.Dispose();
    }
}
