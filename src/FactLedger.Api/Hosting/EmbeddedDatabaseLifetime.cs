using FactLedger.EventStore.Embedded;

namespace FactLedger.Api.Hosting;

/// <summary>Stops the embedded PostgreSQL this process started, once everything else has stopped using it.</summary>
public sealed class EmbeddedDatabaseLifetime(ResolvedDatabase database) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken) => await database.DisposeAsync();
}
