using System.Diagnostics;
using FactLedger.Benchmarks.Generator;
using FactLedger.Benchmarks.Harness;
using FactLedger.EventStore;
using FactLedger.Ledger.Application;
using FactLedger.Ledger.Figures;
using Npgsql;

namespace FactLedger.Benchmarks.Suites;

/// <summary>
/// Builds the synthetic ledger at each size (10k, 100k, 1M events) through the bulk path, seals it, replays every
/// projection from the log, and measures reads against the result: replay throughput and memory at the largest size,
/// read latency at every size and how it grows.
/// </summary>
public sealed class ScaleSuite(BenchServer server, BenchOptions options, BenchReport report)
{
    private const string Platform = "telegram";
    private const string Metric = "monthly_active_users";
    private const int TrailClaims = 100;

    /// <summary>What each read measures, as the API serves it.</summary>
    private static readonly Dictionary<string, string> Measured = new()
    {
        ["figures"] = "the stored current-figure document of one key",
        ["timeline"] = "the first page of one timeline at the default limit",
        ["trail"] = "one claim's trail",
    };

    private sealed record Latencies(List<double> Figures, List<double> Timeline, List<double> Trail);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var scales = options.Includes("reads") ? options.Scales : [options.LargestScale];
        var reads = new Dictionary<long, Latencies>();
        foreach (var scale in scales)
        {
            var latencies = await RunScaleAsync(scale, cancellationToken);
            if (latencies is not null)
            {
                reads[scale] = latencies;
            }
        }

        if (reads.Count >= 2)
        {
            ReportGrowth(reads);
        }
    }

    private async Task<Latencies?> RunScaleAsync(long scale, CancellationToken cancellationToken)
    {
        var isLargest = scale == options.LargestScale;
        var section = $"Ledger of {Label(scale)} events";
        Console.WriteLine($"scale {Label(scale)}: loading");
        var connectionString = await Stores.CreateMigratedAsync(server, $"ledger{Label(scale).ToLowerInvariant()}", cancellationToken);
        try
        {
            var events = await LoadAsync(connectionString, scale, section, isLargest, cancellationToken);
            await using var store = Stores.Ledger(connectionString);

            var sealing = Stopwatch.StartNew();
            var sealedCount = await store.SealAllAsync(cancellationToken);
            report.Add(section, "seal (SealAllAsync)", Formats.Rate(sealedCount / sealing.Elapsed.TotalSeconds) + " events", $"{Formats.Count(sealedCount)} events in {Formats.Seconds(sealing.Elapsed)}");

            // What autovacuum does shortly after a bulk load anyway; done here so every replay run (and the raw read)
            // finds the same table, rather than the first one paying for setting hint bits on every row.
            var vacuum = Stopwatch.StartNew();
            await using (var command = store.AdminDataSource.CreateCommand("VACUUM (ANALYZE) ledger.events, ledger.streams, ledger.feed"))
            {
                command.CommandTimeout = 0;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            report.Add(section, "VACUUM (ANALYZE) after the load", Formats.Seconds(vacuum.Elapsed));

            var replayRuns = isLargest && options.Includes("replay") ? options.Runs : 1;
            var replayRate = await ReplayAsync(connectionString, scale, events, section, replayRuns, isLargest, cancellationToken);
            if (isLargest && options.Includes("replay"))
            {
                var readRate = await RawReadAsync(store, events, replayRate, section, cancellationToken);
                await WriteFloorAsync(store, events, readRate, section, cancellationToken);
            }

            await CensusAsync(store, section, cancellationToken);
            return options.Includes("reads") ? await ReadsAsync(store, section, cancellationToken) : null;
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString, cancellationToken);
        }
    }

    /// <summary>Bulk-loads the synthetic ledger in a worker process (its peak RSS is the load's own), projections left for the replay.</summary>
    private async Task<long> LoadAsync(string connectionString, long scale, string section, bool isLargest, CancellationToken cancellationToken)
    {
        var load = await Worker.RunAsync(["load", connectionString, scale.ToString(Formats.Invariant), options.Seed.ToString(Formats.Invariant),
            options.EventsPerBatch.ToString(Formats.Invariant)], cancellationToken);
        report.Add(section, "bulk load (ledger store, projections rebuilt after)", Formats.Rate(load.Events / load.StoreSeconds) + " events",
            $"{Formats.Count(load.Events)} events in {Formats.Count(load.Streams)} streams, batches of {Formats.Count(options.EventsPerBatch)} events; " +
            $"{load.StoreSeconds:0.0} s in BulkAppendAsync, {load.WallSeconds:0.0} s with generation");
        report.Add(section, "memory while bulk-loading (worker process)", Formats.Mb(load.Memory.PeakRss), load.Memory.Describe(load.Events));
        if (isLargest && options.Includes("memory"))
        {
            report.Target($"peak RSS bulk-loading {Label(scale)} events (MB)", load.Memory.PeakRss / 1024.0 / 1024.0, "<=", 300, load.Memory.KernelPeak ? "VmHWM of the loading process" : "sampled RSS");
        }

        return load.Events;
    }

    private async Task<double> ReplayAsync(string connectionString, long scale, long events, string section, int runs, bool isLargest, CancellationToken cancellationToken)
    {
        var rates = new List<double>();
        var peaks = new List<MemoryReport>();
        for (var run = 0; run < runs; run++)
        {
            Console.WriteLine($"  replay run {run + 1}/{runs}");
            var replay = await Worker.RunAsync(["replay", connectionString], cancellationToken);
            rates.Add(events / replay.StoreSeconds);
            peaks.Add(replay.Memory);
            report.Add(section, $"replay run {run + 1} (RebuildAsync(null), worker process)", Formats.Rate(events / replay.StoreSeconds) + " events",
                $"{replay.StoreSeconds:0.0} s ({Phases(replay.Phases, replay.StoreSeconds)}); {replay.Memory.Describe(events)}");
        }

        var median = Stats.Median(rates);
        report.Add(section, "replay, median", Formats.Rate(median) + " events", $"{runs} run(s), peak RSS max {Formats.Mb(peaks.Max(p => p.PeakRss))}");
        if (isLargest && options.Includes("replay"))
        {
            report.Target($"replay at {Label(scale)} events (k events/s)", median / 1000, ">=", 100);
        }

        if (isLargest && options.Includes("memory"))
        {
            var worst = peaks.MaxBy(p => p.PeakRss)!;
            report.Target($"peak RSS replaying {Label(scale)} events (MB)", worst.PeakRss / 1024.0 / 1024.0, "<=", 300, worst.KernelPeak ? "VmHWM of the replaying process" : "sampled RSS");
        }

        return median;
    }

    /// <summary>"sources 5.1 s, claims 9.8 s (swap 0.2 s), figures 3.0 s" from the rebuild's progress reports.</summary>
    private static string Phases(IReadOnlyList<PhaseTime> phases, double total)
    {
        var parts = new List<string>();
        var start = 0.0;
        foreach (var projection in new[] { "sources", "claims", "figures" })
        {
            var mine = phases.Where(p => p.Phase.StartsWith(projection + ":", StringComparison.Ordinal)).ToArray();
            if (mine.Length == 0)
            {
                continue;
            }

            var end = mine.FirstOrDefault(p => p.Phase.EndsWith(": done", StringComparison.Ordinal))?.AtSeconds ?? total;
            var swapping = mine.FirstOrDefault(p => p.Phase.EndsWith(": swapping", StringComparison.Ordinal));
            parts.Add(swapping is null
                ? $"{projection} {end - start:0.0} s"
                : $"{projection} {end - start:0.0} s, writers paused for catch-up and swap {end - swapping.AtSeconds:0.00} s");
            start = end;
        }

        return string.Join("; ", parts);
    }

    /// <summary>
    /// The floor for replay: reading every event in stream order (as a per-stream fold must) and touching every column,
    /// no JSON parsing. Reading in position order (a plain sequential scan, no index) is measured too, as the cheapest
    /// full read of the log there is; both read every event's full data, article texts included.
    /// </summary>
    private async Task<double> RawReadAsync(PostgresEventStore store, long events, double replayRate, string section, CancellationToken cancellationToken)
    {
        var byStream = await RawReadRatesAsync(store, events, "stream_id, stream_version", cancellationToken);
        var byPosition = await RawReadRatesAsync(store, events, "position", cancellationToken);
        report.Add(section, "raw sequential read (ORDER BY stream_id, stream_version)", Formats.Rate(Stats.Median(byStream)) + " events", $"runs {Stats.Spread(byStream, "#,0")}");
        report.Add(section, "raw sequential read (ORDER BY position)", Formats.Rate(Stats.Median(byPosition)) + " events", $"runs {Stats.Spread(byPosition, "#,0")} (information: the cheapest full read)");
        report.Add(section, "replay / raw read", Formats.Ratio(replayRate / Stats.Median(byStream)),
            $"end-to-end rebuild of every read model against reading the log in stream order; against position order {Formats.Ratio(replayRate / Stats.Median(byPosition))}");
        return Math.Max(Stats.Median(byStream), Stats.Median(byPosition));
    }

    /// <summary>
    /// The other floor for replay: writing the read models a replay must produce, as they are, with no log read and no
    /// fold. Each finished table is piped out of the server and back in (binary COPY) into an unindexed copy, and its
    /// indexes are built, as a rebuild does. With the raw read, it bounds what any replay producing these tables can
    /// reach here: the server must do both, on the same cores.
    /// </summary>
    private async Task WriteFloorAsync(PostgresEventStore store, long events, double readRate, string section, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var parts = new List<string>();
        foreach (var table in new[] { "sources", "claims", "figures" })
        {
            var started = stopwatch.Elapsed;
            await using var target = await store.AdminDataSource.OpenConnectionAsync(cancellationToken);
            await ExecuteAsync(target, $"DROP TABLE IF EXISTS ledger_read.{table}_floor; CREATE TABLE ledger_read.{table}_floor (LIKE ledger_read.{table} INCLUDING ALL EXCLUDING INDEXES)", cancellationToken);
            await using (var source = await store.AdminDataSource.OpenConnectionAsync(cancellationToken))
            {
                await using var reading = await source.BeginRawBinaryCopyAsync($"COPY ledger_read.{table} TO STDOUT (FORMAT BINARY)", cancellationToken);
                await using var writing = await target.BeginRawBinaryCopyAsync($"COPY ledger_read.{table}_floor FROM STDIN (FORMAT BINARY)", cancellationToken);
                await reading.CopyToAsync(writing, cancellationToken);
            }

            var definitions = new List<string>();
            await using (var command = new NpgsqlCommand("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'ledger_read' AND tablename = @table", target))
            {
                command.Parameters.Add(new NpgsqlParameter<string>("table", table));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    definitions.Add(reader.GetString(1)
                        .Replace($" INDEX {reader.GetString(0)} ", $" INDEX {reader.GetString(0)}_floor ", StringComparison.Ordinal)
                        .Replace($" ON ledger_read.{table} ", $" ON ledger_read.{table}_floor ", StringComparison.Ordinal));
                }
            }

            foreach (var definition in definitions)
            {
                await ExecuteAsync(target, definition, cancellationToken);
            }

            await ExecuteAsync(target, $"DROP TABLE ledger_read.{table}_floor", cancellationToken);
            parts.Add($"{table} {(stopwatch.Elapsed - started).TotalSeconds:0.0} s");
        }

        var writeRate = events / stopwatch.Elapsed.TotalSeconds;
        report.Add(section, "read-model write floor (finished tables piped back in, indexes built)", Formats.Rate(writeRate) + " events",
            $"{stopwatch.Elapsed.TotalSeconds:0.0} s ({string.Join(", ", parts)}): no log read, no fold");
        report.Add(section, "replay ceiling on this machine", Formats.Rate(1 / (1 / readRate + 1 / writeRate)) + " events",
            $"reading the log (the faster raw read, {Formats.Rate(readRate)} events) then writing the read models; even fully overlapped at most {Formats.Rate(Math.Min(readRate, writeRate))} events");
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<List<double>> RawReadRatesAsync(PostgresEventStore store, long events, string order, CancellationToken cancellationToken)
    {
        var rates = new List<double>();
        for (var run = 0; run < options.Runs; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                $"""
                SELECT position, stream_id, stream_version, event_id, event_type, schema_version, data::text, metadata::text, recorded_at, hash
                FROM ledger.events ORDER BY {order}
                """, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            long rows = 0;
            long characters = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                rows++;
                _ = reader.GetInt64(0);
                characters += reader.GetString(1).Length;
                _ = reader.GetInt32(2);
                _ = reader.GetGuid(3);
                characters += reader.GetString(4).Length;
                _ = reader.GetInt32(5);
                characters += reader.GetString(6).Length + reader.GetString(7).Length;
                _ = reader.GetFieldValue<DateTimeOffset>(8);
                _ = reader.GetFieldValue<byte[]>(9);
            }

            rates.Add(rows / stopwatch.Elapsed.TotalSeconds);
            if (rows != events)
            {
                throw new InvalidOperationException($"Raw read saw {rows} events, the load wrote {events}.");
            }
        }

        return rates;
    }

    private async Task CensusAsync(PostgresEventStore store, string section, CancellationToken cancellationToken)
    {
        await using var connection = await store.AdminDataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT (SELECT count(*) FROM ledger_read.sources), (SELECT count(*) FROM ledger_read.claims), (SELECT count(*) FROM ledger_read.figures),
                   (SELECT count(*) FROM ledger_read.claims WHERE platform = '{Platform}' AND metric = '{Metric}'),
                   (SELECT coalesce(octet_length(doc::text), 0) FROM ledger_read.figures WHERE platform = '{Platform}' AND metric = '{Metric}'),
                   pg_total_relation_size('ledger.events'),
                   (SELECT string_agg(event_type || ' ' || n, ', ' ORDER BY n DESC) FROM (SELECT event_type, count(*) n FROM ledger.events GROUP BY 1) t)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        report.Add(section, "read models", $"{Formats.Count(reader.GetInt64(1))} claims",
            $"{Formats.Count(reader.GetInt64(0))} sources, {Formats.Count(reader.GetInt64(2))} figures; events table {Formats.Mb(reader.GetInt64(5))}; {reader.GetString(6)}");
        report.Add(section, $"{Platform}/{Metric} timeline size", $"{Formats.Count(reader.GetInt64(3))} claims", $"figure document {reader.GetInt32(4) / 1024.0:0.0} kB");
    }

    private async Task<Latencies> ReadsAsync(PostgresEventStore store, string section, CancellationToken cancellationToken)
    {
        var queries = new LedgerQueries(store);
        var generator = new SyntheticLedger(options.Seed);
        var trailIds = Enumerable.Range(0, TrailClaims).Select(i => generator.Article(i).Claims[0].StreamId["claim-".Length..]).ToArray();
        var figureQuery = new FigureQuery(Platform, Metric);

        // What the API serves: GET /api/figures/{p}/{m} (the stored figure document of one key), GET /api/timelines/{p}/{m}
        // (its first page at the default limit) and GET /api/claims/{id}/trail.
        var figures = await TimeAsync(async _ => (await queries.GetFiguresAsync(figureQuery, cancellationToken)).Count, 1, cancellationToken);
        var firstPage = (await queries.GetTimelinePageAsync(Platform, Metric, null, Timeline.DefaultPageSize, null, cancellationToken)).Entries.Count;
        var timeline = await TimeAsync(async _ => (await queries.GetTimelinePageAsync(Platform, Metric, null, Timeline.DefaultPageSize, null, cancellationToken)).Entries.Count,
            firstPage, cancellationToken);
        var trail = await TimeAsync(async i => await queries.GetTrailAsync(trailIds[i % trailIds.Length], cancellationToken: cancellationToken) is null ? 0 : 1, 1, cancellationToken);
        foreach (var (name, what, latencies) in new[]
        {
            ("figures", $"current figure document of {Platform}/{Metric} (GetFiguresAsync, one key)", figures),
            ("timeline", $"first timeline page of {Platform}/{Metric}, {Formats.Count(firstPage)} entries at the default limit {Timeline.DefaultPageSize} (GetTimelinePageAsync)", timeline),
            ("trail", $"trail of one of {TrailClaims} claims (GetTrailAsync)", trail),
        })
        {
            report.Add(section, $"read {name} latency p50 / p99", $"{Formats.Ms(Stats.Median(latencies))} / {Formats.Ms(Stats.Percentile(latencies, 99))}",
                $"{what}; {latencies.Count} calls, one client");
        }

        return new Latencies(figures, timeline, trail);
    }

    /// <summary>Warm-up, then calls until the iteration count or the time cap, whichever comes first (at least 20).</summary>
    private async Task<List<double>> TimeAsync(Func<int, Task<int>> call, int? expectedCount, CancellationToken cancellationToken)
    {
        for (var i = 0; i < Math.Max(5, options.ReadIterations / 20); i++)
        {
            var count = await call(i);
            if (expectedCount is { } expected && count != expected)
            {
                throw new InvalidOperationException($"A read returned {count} results where {expected} were expected.");
            }
        }

        var latencies = new List<double>();
        var total = Stopwatch.StartNew();
        for (var i = 0; i < options.ReadIterations && (i < 20 || total.Elapsed < options.ReadTimeCap); i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call(i);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return latencies;
    }

    private void ReportGrowth(Dictionary<long, Latencies> reads)
    {
        var smallest = reads.Keys.Min();
        var largest = reads.Keys.Max();
        var label = $"{Label(largest)} / {Label(smallest)}";
        foreach (var (name, select) in new (string, Func<Latencies, List<double>>)[] { ("figures", l => l.Figures), ("timeline", l => l.Timeline), ("trail", l => l.Trail) })
        {
            var p50 = Stats.Median(select(reads[largest])) / Stats.Median(select(reads[smallest]));
            var p99 = Stats.Percentile(select(reads[largest]), 99) / Stats.Percentile(select(reads[smallest]), 99);
            report.Add("Read latency growth", $"{name} p50 {label}", Formats.Ratio(p50), $"p99 {label} {Formats.Ratio(p99)}; {Measured[name]}");
            report.Target($"read {name} flat as history grows (p50 {label})", p50, "<=", 1.5, Measured[name]);
        }
    }

    /// <summary>A nominal ledger size: "10k", "1M".</summary>
    private static string Label(long scale) => scale >= 1_000_000 ? $"{scale / 1_000_000}M" : $"{scale / 1_000}k";
}
