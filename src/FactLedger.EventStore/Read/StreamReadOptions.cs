namespace FactLedger.EventStore.Read;

/// <summary>Which part of a stream to read. Bounds are inclusive; <see cref="RecordedUntil"/> is time travel.</summary>
public sealed record StreamReadOptions
{
    public int FromVersion { get; init; } = 1;

    public int? ToVersion { get; init; }

    /// <summary>Only events recorded at or before this moment: the stream as the ledger stood then.</summary>
    public DateTimeOffset? RecordedUntil { get; init; }

    public static StreamReadOptions All { get; } = new();
}

/// <summary>A filter over the whole log, for folds across streams (time travel, rebuilds).</summary>
public sealed record LogQuery
{
    /// <summary>Only streams whose id starts with this prefix (e.g. "claim-").</summary>
    public string? StreamPrefix { get; init; }

    public IReadOnlyList<string>? EventTypes { get; init; }

    /// <summary>Only events recorded at or before this moment.</summary>
    public DateTimeOffset? RecordedUntil { get; init; }

    /// <summary>Only events sealed into the feed at or before this sequence.</summary>
    public long? UntilSequence { get; init; }

    /// <summary>
    /// Top-level keys of each event's data the server leaves out (a fold that does not need an article's text need not
    /// have it read, sent and parsed); the events' records then lack those members.
    /// </summary>
    public IReadOnlyList<string>? OmitDataKeys { get; init; }

    /// <summary>Order by stream and version (for per-stream folds) instead of by position.</summary>
    public bool OrderByStream { get; init; }

    public int BatchSize { get; init; } = 5_000;
}
