using System.Diagnostics;
using FactLedger.Benchmarks.Generator;
using FactLedger.Benchmarks.Harness;
using FactLedger.EventStore;
using FactLedger.EventStore.Append;
using FactLedger.EventStore.Events;
using FactLedger.Ledger.Claims;
using Npgsql;

namespace FactLedger.Benchmarks.Suites;

/// <summary>
/// Append throughput against a raw INSERT of the same rows, same concurrency, same run, same server. Each append is a
/// new claim (a ClaimAsserted from the synthetic ledger, with a fresh id), as the API appends them; "batch of 10" is ten
/// new claims in one call, as an article's claims are ingested. Each run measures every variant once, the store right
/// after or right before the raw baseline, in alternating order. The store's ratio is the median of the runs' own ratios:
/// the host's other tenants come and go within seconds, and a ratio of two medians taken at different moments would
/// measure their load as much as the store.
/// </summary>
public sealed class AppendSuite(BenchServer server, BenchOptions options, BenchReport report)
{
    private const string Section = "Append throughput";
    private long _sequence;
    private CpuMeter? _cpu;
    private RawEvents? _floor;

    private sealed record Scenario(string Name, int Writers, int EventsPerAppend, bool HasTarget);

    private enum Variant
    {
        Raw,
        Store,
        Ledger,

        /// <summary>The event store's mandatory writes alone (<see cref="RawEvents.InsertGuaranteedMinimumAsync"/>): single events only.</summary>
        Floor,
    }

    private static Variant[] VariantsOf(Scenario scenario) =>
        scenario.EventsPerAppend == 1 ? [Variant.Raw, Variant.Store, Variant.Floor, Variant.Ledger] : [Variant.Raw, Variant.Store, Variant.Ledger];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var connectionString = await Stores.CreateMigratedAsync(server, "append", cancellationToken);
        try
        {
            await using var plain = Stores.Plain(connectionString);
            await using var ledger = Stores.Ledger(connectionString);
            await using var rawSource = NpgsqlDataSource.Create(connectionString);
            var raw = new RawEvents(rawSource);
            // The floor runs as the store's appends do (statements prepared, no session reset), not as the plain baseline.
            await using var floorSource = NpgsqlDataSource.Create(
                new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true, MaxAutoPrepare = 16, AutoPrepareMinUsages = 2 }.ConnectionString);
            _floor = new RawEvents(floorSource);
            await raw.CreateAsync(cancellationToken);
            var templates = await RegisterSourcesAsync(ledger, cancellationToken);
            _cpu = new CpuMeter(connectionString);

            Scenario[] scenarios =
            [
                new("single event, 1 writer", 1, 1, true),
                new("single event, 4 writers", 4, 1, true),
                new("batch of 10, 1 writer", 1, 10, false),
                new("batch of 10, 4 writers", 4, 10, false),
            ];
            // Every code path once before anything is measured, so tiered JIT compilation is done with all of them.
            foreach (var scenario in scenarios)
            {
                foreach (var variant in VariantsOf(scenario))
                {
                    await MeasureAsync(scenario, variant, raw, plain, ledger, templates, options.AppendWarmUp, cancellationToken);
                }
            }

            foreach (var scenario in scenarios)
            {
                await RunScenarioAsync(scenario, raw, plain, ledger, templates, cancellationToken);
            }
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString, cancellationToken);
        }
    }

    /// <summary>Registers the sources the appended claims quote, so the ledger's inline projection sees real sources.</summary>
    private async Task<ClaimAsserted[]> RegisterSourcesAsync(PostgresEventStore ledger, CancellationToken cancellationToken)
    {
        var articles = Enumerable.Range(0, 250).Select(new SyntheticLedger(options.Seed).Article).ToArray();
        await ledger.BulkAppendAsync([.. articles.Select(a => a.Source)], cancellationToken: cancellationToken);
        return [.. articles.SelectMany(a => a.Claims).Select(c => (ClaimAsserted)c.Events[0].Data)];
    }

    private async Task RunScenarioAsync(Scenario scenario, RawEvents raw, PostgresEventStore plain, PostgresEventStore ledger,
        ClaimAsserted[] templates, CancellationToken cancellationToken)
    {
        Console.WriteLine($"append: {scenario.Name}");
        var variants = VariantsOf(scenario);
        foreach (var variant in variants)
        {
            await MeasureAsync(scenario, variant, raw, plain, ledger, templates, options.AppendWarmUp, cancellationToken);
        }

        var rates = variants.ToDictionary(v => v, _ => new List<double>());
        var latencies = variants.ToDictionary(v => v, _ => new List<double>());
        var cpu = variants.ToDictionary(v => v, _ => new List<CpuUse>());
        for (var run = 0; run < options.AppendRuns; run++)
        {
            foreach (var variant in run % 2 == 0 ? variants : variants.Reverse())
            {
                var (rate, latency, perEvent) = await MeasureAsync(scenario, variant, raw, plain, ledger, templates, options.AppendRun, cancellationToken);
                rates[variant].Add(rate);
                latencies[variant].AddRange(latency);
                cpu[variant].Add(perEvent);
            }
        }

        CpuUse MedianCpu(Variant v) => new(Stats.Median(cpu[v].Select(c => c.ClientSeconds)), Stats.Median(cpu[v].Select(c => c.ServerSeconds)));
        foreach (var variant in variants)
        {
            var name = variant switch
            {
                Variant.Raw => "raw INSERT",
                Variant.Floor => "the store's mandatory writes alone (one statement)",
                Variant.Store => "event store",
                _ => "ledger store (+inline projections)",
            };
            var perEvent = MedianCpu(variant);
            report.Add(Section, $"{scenario.Name}: {name}", Formats.Rate(Stats.Median(rates[variant])) + " events",
                $"runs {Stats.Spread(rates[variant], "#,0")}; per call p50 {Formats.Ms(Stats.Median(latencies[variant]))}, p99 {Formats.Ms(Stats.Percentile(latencies[variant], 99))}; " +
                $"server CPU {perEvent.ServerSeconds * 1e6:0} µs per event (this process {perEvent.ClientSeconds * 1e6:0} µs, thread-pool spinning included)");
        }

        // Ratios within each run (the variants measured back to back), then their median.
        List<double> RunRatios(Variant v) => [.. rates[v].Zip(rates[Variant.Raw], (rate, raw) => rate / raw)];
        double PairedRatio(Variant v) => Stats.Median(RunRatios(v));
        var storeRatio = PairedRatio(Variant.Store);
        var cpuRatio = MedianCpu(Variant.Raw).ServerSeconds / MedianCpu(Variant.Store).ServerSeconds;
        report.Add(Section, $"{scenario.Name}: event store / raw", Formats.Ratio(storeRatio),
            $"median of {options.AppendRuns} runs' ratios, spread {Stats.Spread(RunRatios(Variant.Store), "0.00")}; " +
            $"ratio of the medians {Formats.Ratio(Stats.Median(rates[Variant.Store]) / Stats.Median(rates[Variant.Raw]))}; " +
            $"ledger store / raw {Formats.Ratio(PairedRatio(Variant.Ledger))} (information); server CPU per event raw / store {Formats.Ratio(cpuRatio)}");
        if (rates.ContainsKey(Variant.Floor))
        {
            report.Add(Section, $"{scenario.Name}: mandatory writes alone / raw", Formats.Ratio(PairedRatio(Variant.Floor)),
                "the stream row and the hashed event row in one statement, no function or checks: the most any append with the store's guarantees could reach against the raw INSERT here (information)");
        }

        if (scenario.HasTarget)
        {
            report.Target($"append {scenario.Name} (event store / raw INSERT)", storeRatio, ">=", 0.8);
        }
    }

    private async Task<(double EventsPerSecond, List<double> LatenciesMs, CpuUse CpuPerEvent)> MeasureAsync(Scenario scenario, Variant variant, RawEvents raw,
        PostgresEventStore plain, PostgresEventStore ledger, ClaimAsserted[] templates, TimeSpan duration, CancellationToken cancellationToken)
    {
        var cpuBefore = await _cpu!.ReadAsync(cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, scenario.Writers).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<double>();
            long events = 0;
            while (stopwatch.Elapsed < duration)
            {
                var claims = Enumerable.Range(0, scenario.EventsPerAppend).Select(_ => NextClaim(templates)).ToArray();
                var started = Stopwatch.GetTimestamp();
                switch (variant)
                {
                    case Variant.Floor:
                        await _floor!.InsertGuaranteedMinimumAsync(claims[0].StreamId, claims[0].Event, cancellationToken);
                        break;
                    case Variant.Raw when claims.Length == 1:
                        await raw.InsertAsync(claims[0].StreamId, 1, claims[0].Event, cancellationToken);
                        break;
                    case Variant.Raw:
                        await raw.InsertManyAsync([.. claims.Select(c => (c.StreamId, 1, c.Event))], cancellationToken);
                        break;
                    default:
                        var store = variant == Variant.Store ? plain : ledger;
                        await store.AppendAsync([.. claims.Select(c => new StreamAppend(c.StreamId, "claim", ExpectedVersion.NoStream, [c.Event]))], cancellationToken);
                        break;
                }

                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                events += claims.Length;
            }

            return (events, latencies);
        }, cancellationToken)).ToArray();
        var results = await Task.WhenAll(workers);
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var used = await _cpu.ReadAsync(cancellationToken) - cpuBefore;
        var events = results.Sum(r => r.events);
        return (events / elapsed, [.. results.SelectMany(r => r.latencies)], new CpuUse(used.ClientSeconds / events, used.ServerSeconds / events));
    }

    /// <summary>A new claim: a generated assertion under a fresh id (and stream), with a fresh event id.</summary>
    private (string StreamId, NewEvent Event) NextClaim(ClaimAsserted[] templates)
    {
        var n = Interlocked.Increment(ref _sequence);
        var template = templates[n % templates.Length];
        var claimId = $"{template.SourceId}.appended-{n}";
        var data = template with { ClaimId = claimId };
        return (Claim.StreamId(claimId), new NewEvent(data, new EventMetadata { Actor = "bench-writer" }));
    }
}
