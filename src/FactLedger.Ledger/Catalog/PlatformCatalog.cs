using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FactLedger.Ledger.Catalog;

public sealed record Platform(string Id, string Name, IReadOnlyList<string> Aliases);

public enum MetricKind
{
    /// <summary>A level: "100 million monthly active users".</summary>
    Level,

    /// <summary>A change over a period: "gained 38 million since May". Never a level.</summary>
    Change,
}

public sealed record Metric(string Id, string Name, MetricKind Kind, string Unit, string Definition, string? BaseMetric = null);

/// <summary>
/// The platforms and metrics claims may name. Unknown names are errors, never silent new entries:
/// the catalog grows only through recorded <c>PlatformAdded</c>/<c>MetricAdded</c> events.
/// </summary>
public sealed class PlatformCatalog
{
    private readonly FrozenDictionary<string, Platform> _platformsByAlias;
    private readonly FrozenDictionary<string, Metric> _metricsById;

    public PlatformCatalog(IEnumerable<Platform> platforms, IEnumerable<Metric> metrics)
    {
        Platforms = platforms.OrderBy(p => p.Id, StringComparer.Ordinal).ToArray();
        Metrics = metrics.OrderBy(m => m.Id, StringComparer.Ordinal).ToArray();
        var aliases = new Dictionary<string, Platform>(StringComparer.OrdinalIgnoreCase);
        foreach (var platform in Platforms)
        {
            aliases[platform.Id] = platform;
            aliases.TryAdd(platform.Name, platform);
            foreach (var alias in platform.Aliases)
            {
                aliases.TryAdd(alias, platform);
            }
        }

        _platformsByAlias = aliases.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _metricsById = Metrics.ToFrozenDictionary(m => m.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<Platform> Platforms { get; }

    public IReadOnlyList<Metric> Metrics { get; }

    /// <summary>Finds a platform by id, name or alias ("WA" finds WhatsApp), ignoring case.</summary>
    public Platform? FindPlatform(string idOrAlias) =>
        _platformsByAlias.GetValueOrDefault(idOrAlias.Trim());

    public Metric? FindMetric(string id) => _metricsById.GetValueOrDefault(id.Trim());

    public PlatformCatalog WithPlatform(Platform platform) =>
        new(Platforms.Where(p => p.Id != platform.Id).Append(platform), Metrics);

    public PlatformCatalog WithMetric(Metric metric) =>
        new(Platforms, Metrics.Where(m => m.Id != metric.Id).Append(metric));

    /// <summary>The catalog after one recorded extension; other events leave it as it is.</summary>
    public PlatformCatalog Apply(object @event) => @event switch
    {
        PlatformAdded e => WithPlatform(e.Platform),
        PlatformAliasAdded e when Platforms.FirstOrDefault(p => p.Id == e.PlatformId) is { } platform =>
            WithPlatform(platform with { Aliases = [.. platform.Aliases, e.Alias] }),
        MetricAdded e => WithMetric(e.Metric),
        _ => this,
    };

    /// <summary>The catalog in effect: the built-in one extended by the <c>catalog</c> stream's events.</summary>
    public static PlatformCatalog FromEvents(IEnumerable<object> catalogEvents) =>
        catalogEvents.Aggregate(BuiltIn, (catalog, e) => catalog.Apply(e));

    private static readonly Lazy<PlatformCatalog> BuiltInCatalog = new(LoadBuiltIn);

    /// <summary>The catalog shipped with FactLedger (Catalog/catalog.json), before any recorded extension.</summary>
    public static PlatformCatalog BuiltIn => BuiltInCatalog.Value;

    private static PlatformCatalog LoadBuiltIn()
    {
        using var stream = typeof(PlatformCatalog).Assembly.GetManifestResourceStream("FactLedger.Ledger.Catalog.catalog.json")
            ?? throw new InvalidOperationException("The built-in catalog resource is missing.");
        var file = JsonSerializer.Deserialize<CatalogFile>(stream, CatalogJson)
            ?? throw new InvalidOperationException("The built-in catalog is empty.");
        return new PlatformCatalog(file.Platforms, file.Metrics);
    }

    private static readonly JsonSerializerOptions CatalogJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private sealed record CatalogFile(IReadOnlyList<Platform> Platforms, IReadOnlyList<Metric> Metrics);
}
