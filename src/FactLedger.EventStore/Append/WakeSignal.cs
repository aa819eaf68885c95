namespace FactLedger.EventStore.Append;

/// <summary>
/// A wake-up that any number of threads may set and one loop waits for; sets while it is already set are one wake-up.
/// Cleared when the waiter wakes, before its work: a set during that work wakes it again, so none is lost.
/// </summary>
/// <remarks>
/// Not disposable on purpose: a setter may still run after the waiter is gone (an append committing during shutdown),
/// and a stored write must not fail for want of a wake-up. The semaphore holds no handle unless asked for one.
/// </remarks>
internal sealed class WakeSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);
    private int _isSet;

    /// <summary>Never waits and never fails.</summary>
    public void Set()
    {
        if (Interlocked.Exchange(ref _isSet, 1) == 0)
        {
            _semaphore.Release();
        }
    }

    /// <summary>True when set, false when the timeout passed first.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!await _semaphore.WaitAsync(timeout, cancellationToken))
        {
            return false;
        }

        Interlocked.Exchange(ref _isSet, 0);
        return true;
    }

    public Task WaitAsync(CancellationToken cancellationToken) => WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken);
}
