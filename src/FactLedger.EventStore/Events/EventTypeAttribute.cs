namespace FactLedger.EventStore.Events;

/// <summary>
/// Gives an event record its stable stored name and schema version. The stored name, never the CLR type name,
/// is what lands in <c>ledger.events.event_type</c>, so renaming or moving a class never breaks stored streams.
/// </summary>
/// <example><c>[EventType("claim-asserted", SchemaVersion = 1)] public sealed record ClaimAsserted(...);</c></example>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    /// <summary>The version of the record's shape; older stored versions are upcast on read.</summary>
    public int SchemaVersion { get; init; } = 1;
}
