using System.Diagnostics;
using FactLedger.Api.Hosting;
using FactLedger.Ledger.Persistence;
using FactLedger.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FactLedger.Api.Tests;

/// <summary>
/// The API's listener for seal notifications, which wakes the event streams: a listener whose connection dies listens
/// again on a new one, so streams do not stay on their one-second poll for good.
/// </summary>
public sealed class FeedSignalTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync("feedsignal");

    public Task DisposeAsync() => _connectionString.Length > 0 ? TestPostgres.DropDatabaseAsync(_connectionString) : Task.CompletedTask;

    [Fact]
    public async Task A_listener_whose_connection_is_killed_listens_again_and_still_signals()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var cancellationToken = timeout.Token;
        await using var store = LedgerStoreFactory.Create(_connectionString);
        await LedgerStoreFactory.MigrateAsync(store, cancellationToken);
        using var signal = new FeedSignal(store, NullLogger<FeedSignal>.Instance);
        await signal.StartAsync(cancellationToken);
        try
        {
            var first = await ListenerBackendAsync(except: null, cancellationToken);
            await AssertSignalsAsync(signal, cancellationToken);

            await ExecuteAsync($"SELECT pg_terminate_backend({first})", cancellationToken);
            var second = await ListenerBackendAsync(except: first, cancellationToken);

            Assert.NotEqual(first, second);
            await AssertSignalsAsync(signal, cancellationToken);
        }
        finally
        {
            await signal.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>A notification from another session completes the signal's pending task.</summary>
    private async Task AssertSignalsAsync(FeedSignal signal, CancellationToken cancellationToken)
    {
        var next = signal.Next;
        Assert.False(next.IsCompleted);
        await ExecuteAsync("NOTIFY ledger_sealed", cancellationToken);
        await next.WaitAsync(Patience, cancellationToken);
    }

    /// <summary>Waits for a backend of this database that listens for seal notifications, other than <paramref name="except"/>.</summary>
    private async Task<int> ListenerBackendAsync(int? except, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var find = new NpgsqlCommand(
                """
                SELECT pid FROM pg_stat_activity
                WHERE datname = current_database() AND query = 'LISTEN ledger_sealed' AND state = 'idle' AND pid <> coalesce(@except, 0)
                """, connection);
            find.Parameters.Add(new NpgsqlParameter<int?>("except", except));
            if (await find.ExecuteScalarAsync(cancellationToken) is int pid)
            {
                return pid;
            }

            Assert.True(waited.Elapsed < Patience, "no backend listens for seal notifications");
            await Task.Delay(100, cancellationToken);
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
