using System.Collections.Concurrent;
using FactLedger.EventStore.Projections;
using FactLedger.Ledger.Application;
using FactLedger.Ledger.Common;

namespace FactLedger.Api.Admin;

public enum RebuildState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <param name="Projection">The projection rebuilt, or null for all of them.</param>
/// <param name="Progress">The latest progress report of the running step.</param>
public sealed record RebuildStatus(
    Guid Id,
    string? Projection,
    RebuildState State,
    RebuildProgress? Progress,
    string RequestedBy,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error);

/// <summary>
/// Runs projection rebuilds in the background, one at a time (each takes the write pause for its swap), and keeps
/// their progress for <c>GET /api/admin/rebuilds/{id}</c>. Jobs live in this process: another API process does not
/// know them, and a restart forgets them.
/// </summary>
public sealed partial class RebuildJobs(ProjectionRebuilder rebuilder, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<RebuildJobs> logger)
{
    private const int Kept = 100;
    private readonly ConcurrentDictionary<Guid, Job> _jobs = new();
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <exception cref="LedgerValidationException">The projection name is unknown.</exception>
    public RebuildStatus Start(string? projection, string requestedBy)
    {
        if (projection is not null && !ProjectionRebuilder.Names.Contains(projection))
        {
            throw new LedgerValidationException("projection", $"Unknown projection '{projection}'; use one of: {string.Join(", ", ProjectionRebuilder.Names)}, or null for all.");
        }

        var job = new Job(Guid.CreateVersion7(), projection, requestedBy, clock.GetUtcNow());
        _jobs[job.Id] = job;
        Forget();
        _ = Task.Run(() => RunAsync(job), CancellationToken.None);
        return job.Status;
    }

    public RebuildStatus? Get(Guid id) => _jobs.TryGetValue(id, out var job) ? job.Status : null;

    public IReadOnlyList<RebuildStatus> List() => [.. _jobs.Values.Select(j => j.Status).OrderByDescending(s => s.QueuedAt)];

    private async Task RunAsync(Job job)
    {
        var stopping = lifetime.ApplicationStopping;
        try
        {
            await _oneAtATime.WaitAsync(stopping);
            try
            {
                job.Update(s => s with { State = RebuildState.Running, StartedAt = clock.GetUtcNow() });
                await rebuilder.RebuildAsync(job.Projection, job, stopping);
                job.Update(s => s with { State = RebuildState.Succeeded, FinishedAt = clock.GetUtcNow() });
            }
            finally
            {
                _oneAtATime.Release();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            job.Update(s => s with { State = RebuildState.Cancelled, FinishedAt = clock.GetUtcNow(), Error = "The server shut down during the rebuild; the old read model was kept." });
        }
        catch (Exception ex)
        {
            LogRebuildFailed(logger, ex, job.Id, job.Projection ?? "all");
            job.Update(s => s with { State = RebuildState.Failed, FinishedAt = clock.GetUtcNow(), Error = "The rebuild failed and the old read model was kept; the server log has the cause." });
        }
    }

    private void Forget()
    {
        foreach (var old in _jobs.Values.Select(j => j.Status).Where(s => s.FinishedAt is not null).OrderByDescending(s => s.QueuedAt).Skip(Kept))
        {
            _jobs.TryRemove(old.Id, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Rebuild {JobId} of {Projection} failed")]
    private static partial void LogRebuildFailed(ILogger logger, Exception exception, Guid jobId, string projection);

    private sealed class Job(Guid id, string? projection, string requestedBy, DateTimeOffset queuedAt) : IProgress<RebuildProgress>
    {
        private RebuildStatus _status = new(id, projection, RebuildState.Queued, null, requestedBy, queuedAt, null, null, null);
        private readonly Lock _lock = new();

        public Guid Id => id;

        public string? Projection => projection;

        public RebuildStatus Status
        {
            get
            {
                lock (_lock)
                {
                    return _status;
                }
            }
        }

        public void Update(Func<RebuildStatus, RebuildStatus> change)
        {
            lock (_lock)
            {
                _status = change(_status);
            }
        }

        public void Report(RebuildProgress value) => Update(s => s with { Progress = value });
    }
}
