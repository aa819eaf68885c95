using System.Reflection;
using FactLedger.EventStore.Events;

namespace FactLedger.Ledger.Common;

/// <summary>The ledger's event records and their stable stored names.</summary>
public static class LedgerEvents
{
    /// <summary>Every record in this assembly marked with <see cref="EventTypeAttribute"/>.</summary>
    public static IReadOnlyList<Type> Types { get; } =
    [
        .. typeof(LedgerEvents).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<EventTypeAttribute>() is not null)
            .OrderBy(t => t.GetCustomAttribute<EventTypeAttribute>()!.Name, StringComparer.Ordinal),
    ];

    /// <exception cref="ArgumentException">The type has no <see cref="EventTypeAttribute"/>.</exception>
    public static string NameOf(Type eventType) =>
        eventType.GetCustomAttribute<EventTypeAttribute>()?.Name
        ?? throw new ArgumentException($"{eventType.Name} has no [EventType] name.", nameof(eventType));

    public static string NameOf(object @event) => NameOf(@event.GetType());
}
