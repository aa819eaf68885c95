using FactLedger.Benchmarks.Generator;

namespace FactLedger.Benchmarks.Harness;

/// <summary>What to run and how long: the full run is bounded to roughly a quarter of an hour on 2 cores, --quick to a few minutes.</summary>
public sealed record BenchOptions
{
    public static readonly IReadOnlyList<string> Benchmarks = ["append", "bulk", "replay", "reads", "memory", "http", "extract", "micro"];

    public const string Usage =
        """
        dotnet run -c Release --project tests/FactLedger.Benchmarks -- [all|append|bulk|replay|reads|memory|http|extract ...] [--quick] [--durable] [--report PATH] [--seed N]

          all      everything below (the default)
          append   single and batched appends, 1 and 4 writers, as ratios to raw INSERTs
          bulk     bulk append (binary COPY) as a ratio to raw binary COPY
          replay   rebuild of every projection from the largest ledger, as a ratio to a raw sequential read
          reads    figures / timeline / trail latency at every ledger size, and how it grows
          memory   peak RSS while bulk-loading and replaying the largest ledger
          http     wrk against the API process on 127.0.0.1 (current figures; response cache on and off)
          extract  claim extraction from a ~10 kB article (BenchmarkDotNet, in process)
          micro    canonical-JSON digest, chain hash and serialisation per event (BenchmarkDotNet, in process)
          --quick  small run: ledgers of 10k and 100k events, shorter runs
          --durable the embedded cluster keeps PostgreSQL's durable defaults (fsync, synchronous_commit and
                   full_page_writes on), as the application's own cluster does; without it they are off, so the
                   figures measure CPU, not the disk
          --report where to write the Markdown report (default tests/FactLedger.Benchmarks/results/<time>-<mode>.md)
        Server: FACTLEDGER_BENCH_CONNECTION (superuser) if set, else a throwaway embedded cluster.
        """;

    public required IReadOnlySet<string> Selected { get; init; }

    public bool Quick { get; init; }

    /// <summary>The embedded cluster commits durably (see <see cref="BenchServer"/>).</summary>
    public bool Durable { get; init; }

    public string? ReportPath { get; init; }

    public int Seed { get; init; } = SyntheticLedger.DefaultSeed;

    public IReadOnlyList<long> Scales => Quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];

    public long LargestScale => Scales[^1];

    public int Runs => 3;

    /// <summary>Append runs per variant: many short ones, so a median of paired ratios outlasts the other tenants' bursts.</summary>
    public int AppendRuns => Quick ? 3 : 9;

    public TimeSpan AppendRun => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(2);

    public TimeSpan AppendWarmUp => Quick ? TimeSpan.FromSeconds(0.5) : TimeSpan.FromSeconds(1);

    public long BulkEvents => Quick ? 20_000 : 100_000;

    public int EventsPerBatch => 5_000;

    public int ReadIterations => Quick ? 100 : 400;

    public TimeSpan ReadTimeCap => Quick ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(10);

    public bool Includes(string benchmark) => Selected.Contains(benchmark);

    public static BenchOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var selected = new HashSet<string>(StringComparer.Ordinal);
        var quick = false;
        var durable = false;
        string? report = null;
        var seed = SyntheticLedger.DefaultSeed;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "all":
                    selected.UnionWith(Benchmarks);
                    break;
                case var name when Benchmarks.Contains(name):
                    selected.Add(name);
                    break;
                case "--quick":
                    quick = true;
                    break;
                case "--durable" when Environment.GetEnvironmentVariable(BenchServer.ConnectionVariable) is { Length: > 0 }:
                    error = $"--durable sets up the embedded cluster; with {BenchServer.ConnectionVariable} set, that server's own settings apply.";
                    return null;
                case "--durable":
                    durable = true;
                    break;
                case "--report" when i + 1 < args.Count:
                    report = args[++i];
                    break;
                case "--seed" when i + 1 < args.Count && int.TryParse(args[i + 1], Formats.Invariant, out var parsed):
                    seed = parsed;
                    i++;
                    break;
                default:
                    error = $"Unknown argument '{args[i]}'.";
                    return null;
            }
        }

        if (selected.Count == 0)
        {
            selected.UnionWith(Benchmarks);
        }

        return new BenchOptions { Selected = selected, Quick = quick, Durable = durable, ReportPath = report, Seed = seed };
    }
}
