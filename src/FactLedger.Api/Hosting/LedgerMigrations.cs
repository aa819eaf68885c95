using FactLedger.EventStore;
using FactLedger.Ledger.Persistence;

namespace FactLedger.Api.Hosting;

/// <summary>
/// Brings the schema up to date before anything else starts (the daemon included). The migrator takes an
/// advisory lock, so several API processes starting together apply each script once.
/// </summary>
public sealed class LedgerMigrations(PostgresEventStore store) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => LedgerStoreFactory.MigrateAsync(store, cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
