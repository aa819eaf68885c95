using FactLedger.EventStore;
using FactLedger.EventStore.Events;
using FactLedger.EventStore.Read;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Sources;

namespace FactLedger.Ledger.Application;

/// <summary>
/// The ledger's sources and claims as they stood at a <see cref="LedgerTime"/>, folded straight from the event log:
/// time travel never trusts a read model, which only knows the present.
/// </summary>
public sealed record LedgerSnapshot(IReadOnlyDictionary<string, Source> Sources, IReadOnlyList<ClaimView> Claims)
{
    public static async Task<LedgerSnapshot> LoadAsync(PostgresEventStore store, LedgerTime time, CancellationToken cancellationToken)
    {
        var sources = new Dictionary<string, SourceRow>(StringComparer.Ordinal);
        await foreach (var stream in StreamsAsync(store, SourcesProjection.StreamPrefix, time, cancellationToken))
        {
            if (SourceRow.Fold(null, stream) is { } row)
            {
                sources[row.Source.SourceId] = row;
            }
        }

        var claims = new List<ClaimView>();
        await foreach (var stream in StreamsAsync(store, ClaimsProjection.StreamPrefix, time, cancellationToken))
        {
            var row = ClaimRow.Fold(null, stream, id => sources.TryGetValue(id, out var s) ? SourceInfo.From(s.Source) : ClaimsProjection.UnknownSource(id));
            if (row is not null)
            {
                claims.Add(row.View);
            }
        }

        return new LedgerSnapshot(sources.ToDictionary(s => s.Key, s => s.Value.Source, StringComparer.Ordinal), claims);
    }

    private static async IAsyncEnumerable<List<RecordedEvent>> StreamsAsync(PostgresEventStore store, string prefix, LedgerTime time,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = new LogQuery { StreamPrefix = prefix, OrderByStream = true, RecordedUntil = time.At, UntilSequence = time.Sequence };
        var current = new List<RecordedEvent>();
        await foreach (var e in store.ReadLogAsync(query, cancellationToken))
        {
            if (current.Count > 0 && current[0].StreamId != e.StreamId)
            {
                yield return current;
                current = [];
            }

            current.Add(e);
        }

        if (current.Count > 0)
        {
            yield return current;
        }
    }
}
