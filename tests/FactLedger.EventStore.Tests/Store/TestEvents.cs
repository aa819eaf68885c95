using FactLedger.EventStore;
using FactLedger.EventStore.Events;

namespace FactLedger.EventStore.Tests.Store;

[EventType("test-counted")]
public sealed record Counted(int Amount, string Note);

[EventType("test-renamed", SchemaVersion = 2)]
public sealed record Renamed(string FullName, string Reason);

/// <summary>A fresh store on its own database, migrated, for one test class.</summary>
public static class TestStores
{
    public static readonly EventMetadata Metadata = new() { Actor = "tester", Reason = "test" };

    public static EventTypeRegistry Registry() => new EventTypeRegistry().Register<Counted>().Register<Renamed>()
        .AddUpcaster("test-renamed", 1, data =>
        {
            // v1 stored { "name": ... }; v2 calls it fullName and requires a reason.
            data["fullName"] = data["name"]?.DeepClone();
            data.Remove("name");
            data["reason"] = "unknown (upcast from v1)";
            return data;
        });

    public static async Task<PostgresEventStore> CreateAsync(string connectionString, IEnumerable<FactLedger.EventStore.Projections.IInlineProjection>? inline = null)
    {
        var store = new PostgresEventStore(new EventStoreOptions { ConnectionString = connectionString, SealCheckpointInterval = 100 }, Registry(), inline);
        await store.MigrateAsync();
        return store;
    }

    public static NewEvent[] Counts(params int[] amounts) =>
        amounts.Select(a => new NewEvent(new Counted(a, $"count {a}"), Metadata)).ToArray();
}
