namespace FactLedger.EventStore.Integrity;

public enum IntegrityProblemKind
{
    /// <summary>An event's data or metadata no longer matches its stored content digest.</summary>
    ContentEdited,

    /// <summary>An event's header or its stream link no longer matches its chain hash.</summary>
    StreamChainBroken,

    /// <summary>A stream skips a version, or its recorded head is not its last event: an event was removed.</summary>
    EventMissing,

    /// <summary>A feed entry's own hash or its link to the previous entry does not match.</summary>
    FeedChainBroken,

    /// <summary>A sealed event is gone or differs from what was sealed.</summary>
    SealedEventChanged,

    /// <summary>An event sits below the sealed horizon but was never sealed: it was inserted afterwards.</summary>
    EventInserted,

    /// <summary>A recorded seal checkpoint does not match the feed.</summary>
    CheckpointMismatch,
}

public sealed record IntegrityProblem(IntegrityProblemKind Kind, long Position, string StreamId, string Detail);

/// <summary>What <c>verify</c> found: intact, or the first position where content or a link does not match.</summary>
public sealed record IntegrityReport(long EventsChecked, long FeedEntriesChecked, long UnsealedEvents, IReadOnlyList<IntegrityProblem> Problems)
{
    public bool IsIntact => Problems.Count == 0;

    /// <summary>The lowest position at which something does not match, or null when intact.</summary>
    public long? FirstBrokenPosition => Problems.Count == 0 ? null : Problems.Min(p => p.Position);
}
