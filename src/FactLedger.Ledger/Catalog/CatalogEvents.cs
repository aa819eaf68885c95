using FactLedger.EventStore.Events;

namespace FactLedger.Ledger.Catalog;

/// <summary>A platform joined the catalog (stream <c>catalog</c>).</summary>
[EventType("platform-added")]
public sealed record PlatformAdded(Platform Platform, string Reason);

/// <summary>Another name now finds an existing platform ("Whats App" finds whatsapp).</summary>
[EventType("platform-alias-added")]
public sealed record PlatformAliasAdded(string PlatformId, string Alias, string Reason);

[EventType("metric-added")]
public sealed record MetricAdded(Metric Metric, string Reason);
