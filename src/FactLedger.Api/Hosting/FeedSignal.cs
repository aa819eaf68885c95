using FactLedger.EventStore;
using FactLedger.EventStore.Projections;
using Npgsql;

namespace FactLedger.Api.Hosting;

/// <summary>
/// Wakes event streams when the feed grows: one LISTEN connection per process (on <c>ledger_sealed</c>, sent by
/// whichever process seals) instead of one per client. Streams also poll, so a missed notification costs a second.
/// </summary>
public sealed partial class FeedSignal(PostgresEventStore store, ILogger<FeedSignal> logger) : BackgroundService
{
    private TaskCompletionSource _next = NewSource();

    /// <summary>A task that completes at the next seal notification. Take it before reading the feed, so none is missed.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await store.DataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => Pulse();
                await using (var listen = new NpgsqlCommand("LISTEN ledger_sealed", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                await connection.ReceiveNotificationsAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException)
            {
                LogListenFailed(logger, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for feed notifications failed ({Reason}); event streams fall back to polling until it reconnects")]
    private static partial void LogListenFailed(ILogger logger, string reason);
}
