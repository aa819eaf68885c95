using System.Diagnostics;
using System.Text.Json;
using FactLedger.Benchmarks.Generator;
using FactLedger.EventStore.Projections;
using FactLedger.Ledger.Application;

namespace FactLedger.Benchmarks.Harness;

/// <summary>When a phase of a rebuild was first reported, in seconds from the start.</summary>
public sealed record PhaseTime(string Phase, double AtSeconds);

/// <summary>What a worker process did, how long it took in the store, and what it cost in memory.</summary>
public sealed record WorkerResult(long Events, long Streams, double StoreSeconds, double WallSeconds, MemoryReport Memory, IReadOnlyList<PhaseTime> Phases);

/// <summary>
/// Runs a bulk load or a replay in a process of its own, so its peak resident set is that job's alone (runtime
/// included) and not whatever the benchmark process held before: this is what <c>factledger replay</c> would cost.
/// <c>worker load CONNECTION EVENTS SEED BATCH</c> or <c>worker replay CONNECTION [PROJECTION]</c>; the last line printed is the result.
/// </summary>
public static class Worker
{
    private const string ResultPrefix = "RESULT ";

    public static async Task<int> MainAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var result = args[0] switch
        {
            "load" => await LoadAsync(args[1], long.Parse(args[2], Formats.Invariant), int.Parse(args[3], Formats.Invariant), int.Parse(args[4], Formats.Invariant), cancellationToken),
            "replay" => await ReplayAsync(args[1], args.Count > 2 ? args[2] : null, cancellationToken),
            "readlog" => await ReadLogAsync(args[1], args[2], cancellationToken),
            "seal" => await SealAsync(args[1], cancellationToken),
            _ => throw new ArgumentException($"Unknown worker job '{args[0]}'."),
        };
        Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>Starts this program as a worker and returns its result; its output is passed through, indented.</summary>
    public static async Task<WorkerResult> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, UseShellExecute = false };
        var host = Environment.ProcessPath!;
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.FileName = host;
            start.ArgumentList.Add(typeof(Worker).Assembly.Location);
        }
        else
        {
            start.FileName = host;
        }

        start.ArgumentList.Add("worker");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        await using var registration = cancellationToken.Register(() => process.Kill(entireProcessTree: true));
        WorkerResult? result = null;
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith(ResultPrefix, StringComparison.Ordinal))
            {
                result = JsonSerializer.Deserialize<WorkerResult>(line[ResultPrefix.Length..]);
            }
            else
            {
                Console.WriteLine($"    | {line}");
            }
        }

        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 && result is not null
            ? result
            : throw new InvalidOperationException($"Worker '{string.Join(' ', args.Take(1))}' exited with {process.ExitCode}.");
    }

    private static async Task<WorkerResult> LoadAsync(string connectionString, long events, int seed, int eventsPerBatch, CancellationToken cancellationToken)
    {
        await using var store = Stores.Ledger(connectionString);
        await FactLedger.Ledger.Persistence.LedgerStoreFactory.MigrateAsync(store, cancellationToken);
        using var memory = MemoryProbe.Start();
        var wall = Stopwatch.StartNew();
        var inStore = TimeSpan.Zero;
        long loaded = 0;
        long streams = 0;
        foreach (var batch in SyntheticLedger.Batches(new SyntheticLedger(seed).Articles(events), eventsPerBatch))
        {
            var started = Stopwatch.GetTimestamp();
            loaded += await store.BulkAppendAsync(batch, applyInlineProjections: false, cancellationToken);
            inStore += Stopwatch.GetElapsedTime(started);
            streams += batch.Count;
        }

        return new WorkerResult(loaded, streams, inStore.TotalSeconds, wall.Elapsed.TotalSeconds, memory.Stop(), []);
    }

    private static async Task<WorkerResult> ReplayAsync(string connectionString, string? projection, CancellationToken cancellationToken)
    {
        await using var store = Stores.Ledger(connectionString);
        using var memory = MemoryProbe.Start();
        var clock = new PhaseClock();
        await new ProjectionRebuilder(store).RebuildAsync(projection, clock, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        return new WorkerResult(clock.Events, 0, seconds, seconds, memory.Stop(), clock.Phases);
    }

    private static async Task<WorkerResult> SealAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var store = Stores.Ledger(connectionString);
        using var memory = MemoryProbe.Start();
        var wall = Stopwatch.StartNew();
        var sealedCount = await store.SealAllAsync(cancellationToken);
        return new WorkerResult(sealedCount, 0, wall.Elapsed.TotalSeconds, wall.Elapsed.TotalSeconds, memory.Stop(), []);
    }

    private static async Task<WorkerResult> ReadLogAsync(string connectionString, string prefix, CancellationToken cancellationToken)
    {
        await using var store = Stores.Ledger(connectionString);
        using var memory = MemoryProbe.Start();
        var wall = Stopwatch.StartNew();
        long events = 0;
        await foreach (var e in store.ReadLogAsync(new FactLedger.EventStore.Read.LogQuery { StreamPrefix = prefix, OrderByStream = true, BatchSize = 10_000 }, cancellationToken))
        {
            events++;
        }

        return new WorkerResult(events, 0, wall.Elapsed.TotalSeconds, wall.Elapsed.TotalSeconds, memory.Stop(), []);
    }

    /// <summary>Notes when each rebuild phase is first reported; synchronous, so the times are when they happened.</summary>
    private sealed class PhaseClock : IProgress<RebuildProgress>
    {
        private readonly Stopwatch _stopwatch = Stopwatch.StartNew();
        private readonly List<PhaseTime> _phases = [];
        private readonly Dictionary<string, long> _eventsByProjection = new(StringComparer.Ordinal);

        public TimeSpan Elapsed => _stopwatch.Elapsed;

        public IReadOnlyList<PhaseTime> Phases => _phases;

        /// <summary>Events read by the log-folding projections (figures count keys, not events).</summary>
        public long Events => _eventsByProjection.Where(p => p.Key != "figures").Sum(p => p.Value);

        public void Report(RebuildProgress value)
        {
            var name = $"{value.Projection}: {value.Phase}";
            if (_phases.Count == 0 || _phases[^1].Phase != name)
            {
                _phases.Add(new PhaseTime(name, _stopwatch.Elapsed.TotalSeconds));
            }

            _eventsByProjection[value.Projection] = value.EventsProcessed;
        }
    }
}
