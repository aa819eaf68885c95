using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FactLedger.Benchmarks.Generator;
using FactLedger.Benchmarks.Harness;
using FactLedger.EventStore.Events;
using FactLedger.EventStore.Integrity;
using FactLedger.Ledger.Catalog;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Extraction;
using FactLedger.Testing;

namespace FactLedger.Benchmarks.Suites;

/// <summary>
/// Claim extraction from real seed articles: the two longest Indonesian ones joined (about 10 kB, the size the brief
/// names) and the French one (3.4 kB), with the language detected as the API does when none is given.
/// </summary>
[MemoryDiagnoser]
public class ExtractionBenchmarks
{
    private ClaimExtractor _extractor = null!;
    private ExtractionRequest _indonesian = null!;
    private ExtractionRequest _french = null!;

    public static string IndonesianArticle() =>
        File.ReadAllText(Path.Combine(RepositoryPaths.Seeds, "002_bc65d159c1ed21b3.txt")).TrimEnd() + "\n\n" +
        File.ReadAllText(Path.Combine(RepositoryPaths.Seeds, "003_ef514ac10f602bee.txt"));

    [GlobalSetup]
    public void Setup()
    {
        _extractor = new ClaimExtractor(PlatformCatalog.BuiltIn);
        _indonesian = new ExtractionRequest(IndonesianArticle());
        _french = new ExtractionRequest(File.ReadAllText(Path.Combine(RepositoryPaths.Seeds, "004_b2d109316d45a28d.txt")));
    }

    [Benchmark]
    public int Indonesian10kB() => _extractor.Extract(_indonesian).Candidates.Count;

    [Benchmark]
    public int French3kB() => _extractor.Extract(_french).Candidates.Count;
}

/// <summary>
/// The per-event client work of an append besides serialisation: the canonical-JSON content digest and the chain hash,
/// for a typical claim event and a source event carrying a 4 kB article.
/// </summary>
[MemoryDiagnoser]
public class IntegrityBenchmarks
{
    private static readonly JsonSerializerOptions AppendJson = CanonicalJson.WritingCanonicalOrder(LedgerJson.Options);
    private object _claim = null!;
    private object _source = null!;
    private string _claimJson = null!;
    private string _sourceJson = null!;
    private string _metadataJson = null!;
    private byte[] _digest = null!;

    [GlobalSetup]
    public void Setup()
    {
        var article = new SyntheticLedger().Article(3);
        _claim = article.Claims[0].Events[0].Data;
        _source = article.Source.Events[0].Data;
        // Serialised as appends serialise them, so the digests below take the path appends take.
        _claimJson = JsonSerializer.Serialize(_claim, _claim.GetType(), AppendJson);
        _sourceJson = JsonSerializer.Serialize(_source, _source.GetType(), AppendJson);
        _metadataJson = JsonSerializer.Serialize(new EventMetadata { Actor = "importer", CorrelationId = Guid.NewGuid() }, AppendJson);
        _digest = CanonicalJson.ContentDigest(_claimJson, _metadataJson);
    }

    [Benchmark]
    public string SerializeClaimAsserted() => JsonSerializer.Serialize(_claim, _claim.GetType(), AppendJson);

    [Benchmark]
    public byte[] DigestClaimAsserted() => CanonicalJson.ContentDigest(_claimJson, _metadataJson);

    [Benchmark]
    public string SerializeSourceRegistered() => JsonSerializer.Serialize(_source, _source.GetType(), AppendJson);

    [Benchmark]
    public byte[] DigestSourceRegistered() => CanonicalJson.ContentDigest(_sourceJson, _metadataJson);

    [Benchmark]
    public byte[] ChainHash() => EventHasher.ChainHash(EventHasher.Genesis, 123_456, "claim-some-source.telegram-monthly-active-users-1", 2, "claim-reviewed", 1, _digest, DateTimeOffset.UnixEpoch);
}

/// <summary>Runs BenchmarkDotNet in this process (no generated project to build) with a short job, and reports mean and allocation.</summary>
public static class MicroSuite
{
    public static void Run<T>(string section, BenchReport report, BenchOptions options)
    {
        var job = (options.Quick ? Job.ShortRun.WithWarmupCount(1) : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateMinimumViable().AddJob(job).AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "factledger-bdn"));
        var summary = BenchmarkRunner.Run<T>(config);
        foreach (var result in summary.Reports)
        {
            var name = result.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            if (result.ResultStatistics is not { } statistics)
            {
                report.Add(section, name, "failed", "BenchmarkDotNet produced no result");
                continue;
            }

            var allocated = result.GcStats.GetBytesAllocatedPerOperation(result.BenchmarkCase);
            report.Add(section, name, Micro(statistics.Mean),
                $"± {Micro(statistics.StandardError)} (standard error), allocated {allocated?.ToString("#,0", Formats.Invariant) ?? "?"} B per call; BenchmarkDotNet short run{(options.Quick ? " (1 warm-up)" : "")}, in process");
        }
    }

    private static string Micro(double nanoseconds) =>
        nanoseconds >= 1_000_000 ? $"{nanoseconds / 1_000_000:0.00} ms" : nanoseconds >= 1_000 ? $"{nanoseconds / 1_000:0.0} µs" : $"{nanoseconds:0} ns";
}
