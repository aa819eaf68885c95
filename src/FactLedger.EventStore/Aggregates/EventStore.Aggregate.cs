using FactLedger.EventStore.Read;

namespace FactLedger.EventStore;

/// <summary>A stream folded into state, with the version it reflects (0 and default state when the stream is empty).</summary>
public sealed record Aggregate<TState>(TState State, int Version)
{
    public bool Exists => Version > 0;
}

public sealed partial class PostgresEventStore
{
    /// <summary>
    /// Folds a stream into state: at its latest version, at a given version, or as it stood at a moment
    /// (see <see cref="StreamReadOptions"/>). The fold receives event data only; use <see cref="ReadStreamAsync"/>
    /// when it needs metadata too.
    /// </summary>
    public async Task<Aggregate<TState>> AggregateAsync<TState>(string streamId, TState initial, Func<TState, object, TState> fold,
        StreamReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var state = initial;
        var version = 0;
        await foreach (var recorded in ReadStreamAsync(streamId, options, cancellationToken))
        {
            state = fold(state, recorded.Data);
            version = recorded.StreamVersion;
        }

        return new Aggregate<TState>(state, version);
    }
}
