namespace FactLedger.EventStore.Events;

/// <summary>An event as stored: its place in its stream, in the log, and (once sealed) in the global feed.</summary>
/// <param name="Position">Unique and increasing in append order; may have gaps and is not commit order.</param>
/// <param name="Sequence">The dense, gap-free place in the global feed; null until the sealer reaches it.</param>
public sealed record RecordedEvent(
    long Position,
    long? Sequence,
    string StreamId,
    int StreamVersion,
    Guid EventId,
    string EventType,
    int SchemaVersion,
    object Data,
    EventMetadata Metadata,
    DateTimeOffset RecordedAt,
    byte[] Hash);
