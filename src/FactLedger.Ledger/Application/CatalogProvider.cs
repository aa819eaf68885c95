using FactLedger.EventStore;
using FactLedger.Ledger.Catalog;

namespace FactLedger.Ledger.Application;

/// <summary>The built-in catalog plus every recorded extension, re-folded only when the catalog stream grows.</summary>
public sealed class CatalogProvider(PostgresEventStore store)
{
    private (int Version, PlatformCatalog Catalog) _cached = (0, PlatformCatalog.BuiltIn);

    public async Task<(PlatformCatalog Catalog, int Version)> GetAsync(CancellationToken cancellationToken)
    {
        var version = await store.GetStreamVersionAsync(ExtendCatalog.StreamId, cancellationToken) ?? 0;
        var cached = _cached;
        if (cached.Version == version)
        {
            return (cached.Catalog, version);
        }

        var events = new List<object>();
        await foreach (var e in store.ReadStreamAsync(ExtendCatalog.StreamId, cancellationToken: cancellationToken))
        {
            events.Add(e.Data);
        }

        var catalog = PlatformCatalog.FromEvents(events);
        _cached = (events.Count, catalog);
        return (catalog, events.Count);
    }
}
