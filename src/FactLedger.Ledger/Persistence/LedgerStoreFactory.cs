using FactLedger.EventStore;
using FactLedger.EventStore.Events;
using FactLedger.EventStore.Schema;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Sources;

namespace FactLedger.Ledger.Persistence;

/// <summary>Builds the event store as the ledger uses it: its event types, JSON conventions and inline projections.</summary>
public static class LedgerStoreFactory
{
    public static MigrationModule ReadModelMigrations { get; } =
        MigrationModule.FromEmbeddedResources("ledger", typeof(LedgerStoreFactory).Assembly, "FactLedger.Ledger.Migrations.");

    public static EventTypeRegistry CreateRegistry()
    {
        var registry = new EventTypeRegistry();
        foreach (var type in LedgerEvents.Types)
        {
            registry.Register(type);
        }

        return registry;
    }

    public static PostgresEventStore Create(string connectionString, string? applicationRole = "factledger_app") =>
        new(
            new EventStoreOptions { ConnectionString = connectionString, ApplicationRole = applicationRole, SerializerOptions = LedgerJson.Options },
            CreateRegistry(),
            [new SourcesProjection(), new ClaimsProjection()]);

    public static Task<MigrationReport> MigrateAsync(PostgresEventStore store, CancellationToken cancellationToken) =>
        store.MigrateAsync([ReadModelMigrations], cancellationToken);
}
