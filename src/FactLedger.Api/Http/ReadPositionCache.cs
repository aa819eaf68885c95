using FactLedger.EventStore.Projections;
using FactLedger.Ledger.Application;

namespace FactLedger.Api;

/// <summary>
/// Where the read models stand, asked of the database at most once per <see cref="FactLedgerApiOptions.ReadPositionMaxAge"/>
/// however many reads arrive. Every projection read's ETag and cache key come from here, so a busy node costs the
/// database one small query per interval instead of one per request.
/// </summary>
/// <remarks>
/// A change made through this process (a write, or a batch of its own projection daemon) invalidates the position at
/// once, before the write's response is sent, so a client never reads its own write as "not modified". Changes made by
/// other processes are seen within the maximum age.
/// </remarks>
public sealed class ReadPositionCache
{
    private readonly LedgerQueries _queries;
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxAge;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Snapshot? _current;
    private long _generation;

    public ReadPositionCache(LedgerQueries queries, ProjectionDaemon daemon, FactLedgerApiOptions options, TimeProvider time)
    {
        _queries = queries;
        _time = time;
        _maxAge = options.ReadPositionMaxAge;
        daemon.BatchCommitted += _ => Invalidate();
    }

    public async ValueTask<ReadPosition> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh(Volatile.Read(ref _current)) is { } cached)
        {
            return cached;
        }

        // One refresh at a time: a burst of reads after expiry waits for a single query rather than sending one each.
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(Volatile.Read(ref _current)) is { } refreshed)
            {
                return refreshed;
            }

            var generation = Interlocked.Read(ref _generation);
            var position = await _queries.GetReadPositionAsync(cancellationToken);
            Volatile.Write(ref _current, new Snapshot(position, _time.GetTimestamp(), generation));
            return position;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Forget the position: the next read asks the database.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    private ReadPosition? Fresh(Snapshot? snapshot) =>
        snapshot is not null
        && snapshot.Generation == Interlocked.Read(ref _generation)
        && _time.GetElapsedTime(snapshot.ReadAt) < _maxAge
            ? snapshot.Position
            : null;

    private sealed record Snapshot(ReadPosition Position, long ReadAt, long Generation);
}

/// <summary>
/// Invalidates the read position when a state-changing request answers, just before its response starts, so the
/// client's next read (here) already sees the change. Failed writes change nothing, but telling them apart is not
/// worth one stale read.
/// </summary>
public sealed class InvalidateReadPositionOnWrite(RequestDelegate next, ReadPositionCache positions)
{
    public Task InvokeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method))
        {
            context.Response.OnStarting(() =>
            {
                positions.Invalidate();
                return Task.CompletedTask;
            });
        }

        return next(context);
    }
}
