using Npgsql;

namespace FactLedger.EventStore.Append;

/// <summary>
/// Tells listeners (the projection daemon) that events were committed, with one <c>NOTIFY ledger_appended</c> for
/// any number of appends that committed since the last one. A NOTIFY inside every append transaction made all
/// committing appends queue on PostgreSQL's single notification lock and woke every listener once per append; this
/// sends at most one per <see cref="Pause"/> after a commit, from its own connection, outside any append's transaction.
/// </summary>
/// <remarks>
/// The connection is its own, neither the appends' (Npgsql's idle queue is first in, first out, so one more user of
/// that pool rotated a lone writer's appends between backends) nor the ordinary pool's (whose reset on return,
/// DISCARD ALL, would run before every notification, although a NOTIFY leaves no session state to reset).
/// </remarks>
internal sealed class AppendNotifier : IAsyncDisposable
{
    /// <summary>
    /// How long a burst of appends is gathered into one notification; a listener wakes at most this much later. Each
    /// notification is a transaction of its own, so this bounds them to 100 a second whatever the append rate.
    /// </summary>
    internal static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(10);

    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim _committed = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private int _pending;

    public AppendNotifier(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true, MaxPoolSize = 1 }.ConnectionString);
        _loop = Task.Run(() => RunAsync(_stopping.Token));
    }

    /// <summary>Called after an append committed; never waits and never fails.</summary>
    public void Committed()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0)
        {
            _committed.Release();
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _committed.WaitAsync(cancellationToken);
                await Task.Delay(Pause, cancellationToken);
                // Cleared before sending: an append committing from here on gets a notification of its own.
                Volatile.Write(ref _pending, 0);
                await using var notify = _dataSource.CreateCommand("NOTIFY ledger_appended");
                await notify.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.IO.IOException or InvalidOperationException)
            {
                // A listener also polls, so a lost notification only delays it; the next commit tries again.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _loop;
        await _dataSource.DisposeAsync();
        // The semaphore is left to the collector: an append committing during shutdown may still call Committed(),
        // and a stored write must not fail for want of a wake-up.
        _stopping.Dispose();
    }
}
