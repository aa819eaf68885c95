using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FactLedger.EventStore.Events;

/// <summary>Turns stored data of an older schema version into the shape of the next version.</summary>
public delegate JsonObject Upcaster(JsonObject data);

/// <summary>Maps stable stored event names to CLR records and back, upcasting older schema versions on read.</summary>
public sealed class EventTypeRegistry
{
    private readonly ConcurrentDictionary<string, (Type Type, int SchemaVersion)> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, (string Name, int SchemaVersion)> _byType = new();
    private readonly ConcurrentDictionary<(string Name, int FromVersion), Upcaster> _upcasters = new();

    /// <summary>Registers every type carrying <see cref="EventTypeAttribute"/> in the assembly.</summary>
    public EventTypeRegistry RegisterAssembly(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes())
        {
            if (type.GetCustomAttribute<EventTypeAttribute>() is not null)
            {
                Register(type);
            }
        }

        return this;
    }

    public EventTypeRegistry Register<TEvent>() => Register(typeof(TEvent));

    public EventTypeRegistry Register(Type type)
    {
        var attribute = type.GetCustomAttribute<EventTypeAttribute>()
            ?? throw new UnknownEventTypeException($"{type.Name} has no [EventType] attribute; every stored event needs a stable name.");
        if (_byName.TryGetValue(attribute.Name, out var existing) && existing.Type != type)
        {
            throw new InvalidOperationException($"Event name '{attribute.Name}' is used by both {existing.Type.Name} and {type.Name}.");
        }

        _byName[attribute.Name] = (type, attribute.SchemaVersion);
        _byType[type] = (attribute.Name, attribute.SchemaVersion);
        return this;
    }

    /// <summary>Registers how to lift data stored at <paramref name="fromVersion"/> to the next version.</summary>
    public EventTypeRegistry AddUpcaster(string eventName, int fromVersion, Upcaster upcaster)
    {
        _upcasters[(eventName, fromVersion)] = upcaster;
        return this;
    }

    public (string Name, int SchemaVersion) NameOf(Type type) =>
        _byType.TryGetValue(type, out var entry)
            ? entry
            : throw new UnknownEventTypeException($"{type.Name} is not a registered event type.");

    public bool IsRegistered(string name) => _byName.ContainsKey(name);

    public object Deserialize(string name, int storedSchemaVersion, string json, JsonSerializerOptions options) =>
        Deserialize(name, storedSchemaVersion, System.Text.Encoding.UTF8.GetBytes(json), options);

    /// <summary>Deserialises UTF-8 JSON as the server sent it, with no detour through a UTF-16 string.</summary>
    public object Deserialize(string name, int storedSchemaVersion, ReadOnlySpan<byte> utf8Json, JsonSerializerOptions options)
    {
        if (!_byName.TryGetValue(name, out var entry))
        {
            throw new UnknownEventTypeException($"Stored event type '{name}' is not registered.");
        }

        if (storedSchemaVersion == entry.SchemaVersion)
        {
            return JsonSerializer.Deserialize(utf8Json, entry.Type, options)
                ?? throw new JsonException($"Event '{name}' has null data.");
        }

        if (storedSchemaVersion > entry.SchemaVersion)
        {
            throw new UnknownEventTypeException($"Event '{name}' was stored at schema version {storedSchemaVersion}, newer than this build knows ({entry.SchemaVersion}).");
        }

        var node = JsonNode.Parse(utf8Json)?.AsObject() ?? throw new JsonException($"Event '{name}' has null data.");
        for (var version = storedSchemaVersion; version < entry.SchemaVersion; version++)
        {
            if (!_upcasters.TryGetValue((name, version), out var upcaster))
            {
                throw new UnknownEventTypeException($"No upcaster lifts '{name}' from schema version {version} to {version + 1}.");
            }

            node = upcaster(node);
        }

        return node.Deserialize(entry.Type, options) ?? throw new JsonException($"Event '{name}' has null data.");
    }
}
