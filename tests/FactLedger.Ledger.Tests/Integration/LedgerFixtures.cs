using FactLedger.EventStore;
using FactLedger.EventStore.Projections;
using FactLedger.Ledger.Application;
using FactLedger.Ledger.Hosting;
using FactLedger.Ledger.Persistence;
using FactLedger.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FactLedger.Ledger.Tests.Integration;

/// <summary>An empty, migrated ledger on its own database, wired exactly as the API and CLI wire it.</summary>
public class EmptyLedger : PostgresDatabaseFixture
{
    private ServiceProvider? _services;

    protected override string DatabasePrefix => "ledger";

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("Not initialised.");

    public PostgresEventStore Store => Services.GetRequiredService<PostgresEventStore>();

    public LedgerCommands Commands => Services.GetRequiredService<LedgerCommands>();

    public LedgerQueries Queries => Services.GetRequiredService<LedgerQueries>();

    public ProjectionDaemon Daemon => Services.GetRequiredService<ProjectionDaemon>();

    public SeedImporter Importer => Services.GetRequiredService<SeedImporter>();

    public ProjectionRebuilder Rebuilder => Services.GetRequiredService<ProjectionRebuilder>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _services = new ServiceCollection().AddFactLedger(new FactLedgerOptions { ConnectionString = ConnectionString }).BuildServiceProvider();
        await LedgerStoreFactory.MigrateAsync(Store, CancellationToken.None);
    }

    public override async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    public async Task<long> CountEventsAsync()
    {
        await using var command = Store.DataSource.CreateCommand("SELECT count(*) FROM ledger.events");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>A ledger holding the repository's seed folder, ingested once, projections caught up.</summary>
public class LedgerWithSeedsIngested : EmptyLedger
{
    public SeedImportResult Import { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Import = await Importer.ImportAsync(RepositoryPaths.Seeds, dryRun: false);
    }
}
