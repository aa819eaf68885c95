namespace FactLedger.EventStore.Events;

/// <summary>The stream was not at the expected version. Nothing was written and no position was consumed.</summary>
public sealed class ConcurrencyException(string streamId, ExpectedVersion expected, int actualVersion)
    : Exception($"Stream '{streamId}' was expected at version {expected} but is at version {actualVersion}.")
{
    public string StreamId { get; } = streamId;

    public ExpectedVersion Expected { get; } = expected;

    /// <summary>The stream's current version; 0 when it does not exist.</summary>
    public int ActualVersion { get; } = actualVersion;
}

/// <summary>Some but not all of an append's event ids were already stored: not a clean retry.</summary>
public sealed class DuplicateEventException(string message) : Exception(message);

/// <summary>An event type name that is not registered, or a CLR type with no <see cref="EventTypeAttribute"/>.</summary>
public sealed class UnknownEventTypeException(string message) : Exception(message);
