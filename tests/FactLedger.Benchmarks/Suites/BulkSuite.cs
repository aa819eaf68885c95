using System.Diagnostics;
using FactLedger.Benchmarks.Generator;
using FactLedger.Benchmarks.Harness;
using FactLedger.EventStore;
using Npgsql;

namespace FactLedger.Benchmarks.Suites;

/// <summary>
/// Bulk append (binary COPY with hashes, stream heads, digests) against a raw binary COPY of the same rows into a plain
/// table. Each run loads the same synthetic ledger into a fresh database; batches are generated before the clock
/// starts, so only the store call (or the raw COPY, including its JSON serialisation) is timed.
/// </summary>
public sealed class BulkSuite(BenchServer server, BenchOptions options, BenchReport report)
{
    private const string Section = "Bulk append";

    private enum Variant
    {
        Raw,
        Store,
        Ledger,
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine($"bulk: {Formats.Count(options.BulkEvents)} events per run, batches of {Formats.Count(options.EventsPerBatch)}");
        Variant[] variants = [Variant.Raw, Variant.Store, Variant.Ledger];
        var rates = variants.ToDictionary(v => v, _ => new List<double>());
        var cpu = variants.ToDictionary(v => v, _ => new List<CpuUse>());
        long events = 0;
        for (var run = 0; run < options.Runs; run++)
        {
            foreach (var variant in run % 2 == 0 ? variants : variants.Reverse())
            {
                (events, var elapsed, var used) = await LoadOnceAsync(variant, cancellationToken);
                rates[variant].Add(events / elapsed.TotalSeconds);
                cpu[variant].Add(new CpuUse(used.ClientSeconds / events, used.ServerSeconds / events));
                Console.WriteLine($"  run {run + 1} {variant}: {Formats.Rate(events / elapsed.TotalSeconds)}");
            }
        }

        string Cpu(Variant v) =>
            $"CPU per event: server {Stats.Median(cpu[v].Select(c => c.ServerSeconds)) * 1e6:0} µs, this process (in the timed calls) {Stats.Median(cpu[v].Select(c => c.ClientSeconds)) * 1e6:0} µs";
        report.Add(Section, "raw binary COPY", Formats.Rate(Stats.Median(rates[Variant.Raw])) + " events", $"{Formats.Count(events)} events, runs {Stats.Spread(rates[Variant.Raw], "#,0")}; {Cpu(Variant.Raw)}");
        report.Add(Section, "event store BulkAppendAsync", Formats.Rate(Stats.Median(rates[Variant.Store])) + " events", $"runs {Stats.Spread(rates[Variant.Store], "#,0")}; {Cpu(Variant.Store)}");
        report.Add(Section, "ledger store BulkAppendAsync (+inline projections)", Formats.Rate(Stats.Median(rates[Variant.Ledger])) + " events", $"runs {Stats.Spread(rates[Variant.Ledger], "#,0")} (information); {Cpu(Variant.Ledger)}");
        var ratio = Stats.Median(rates[Variant.Store]) / Stats.Median(rates[Variant.Raw]);
        double TotalCpu(Variant v) => Stats.Median(cpu[v].Select(c => c.Total));
        report.Add(Section, "event store / raw COPY", Formats.Ratio(ratio),
            $"ledger store / raw {Formats.Ratio(Stats.Median(rates[Variant.Ledger]) / Stats.Median(rates[Variant.Raw]))} (information); total CPU per event raw / store {Formats.Ratio(TotalCpu(Variant.Raw) / TotalCpu(Variant.Store))}");
        report.Target($"bulk append at {Formats.Count(events)} events (event store / raw COPY)", ratio, ">=", 0.6);
    }

    private async Task<(long Events, TimeSpan Elapsed, CpuUse Cpu)> LoadOnceAsync(Variant variant, CancellationToken cancellationToken)
    {
        var connectionString = variant == Variant.Raw
            ? await server.CreateDatabaseAsync("bulkraw", cancellationToken)
            : await Stores.CreateMigratedAsync(server, "bulk", cancellationToken);
        try
        {
            await using var rawSource = NpgsqlDataSource.Create(connectionString);
            var raw = new RawEvents(rawSource);
            await using PostgresEventStore? store = variant switch
            {
                Variant.Store => Stores.Plain(connectionString),
                Variant.Ledger => Stores.Ledger(connectionString),
                _ => null,
            };
            if (store is null)
            {
                await raw.CreateAsync(cancellationToken);
            }

            var meter = new CpuMeter(connectionString);
            var serverBefore = (await meter.ReadAsync(cancellationToken)).ServerSeconds;
            var client = TimeSpan.Zero;
            var elapsed = TimeSpan.Zero;
            long events = 0;
            long nextId = 1;
            foreach (var batch in SyntheticLedger.Batches(new SyntheticLedger(options.Seed).Articles(options.BulkEvents), options.EventsPerBatch))
            {
                var cpuStarted = Environment.CpuUsage.TotalTime;
                var started = Stopwatch.GetTimestamp();
                if (store is null)
                {
                    var before = nextId;
                    nextId = await raw.CopyAsync(batch, nextId, cancellationToken);
                    events += nextId - before;
                }
                else
                {
                    events += await store.BulkAppendAsync(batch, cancellationToken: cancellationToken);
                }

                elapsed += Stopwatch.GetElapsedTime(started);
                client += Environment.CpuUsage.TotalTime - cpuStarted;
            }

            var server = (await meter.ReadAsync(cancellationToken)).ServerSeconds - serverBefore;
            return (events, elapsed, new CpuUse(client.TotalSeconds, server));
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString, cancellationToken);
        }
    }
}
