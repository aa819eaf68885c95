using System.Diagnostics;
using FactLedger.Benchmarks.Generator;
using FactLedger.Benchmarks.Harness;
using FactLedger.Benchmarks.Suites;
using FactLedger.Testing;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

if (args.FirstOrDefault() == "worker")
{
    return await Worker.MainAsync(args[1..], CancellationToken.None);
}

if (args.FirstOrDefault() == "census")
{
    // Describes the synthetic ledger without touching a database: census [events] [--show N]
    var size = args.Length > 1 && long.TryParse(args[1], Formats.Invariant, out var n) ? n : 100_000;
    var census = new LedgerCensus();
    var generator = new SyntheticLedger();
    var timer = Stopwatch.StartNew();
    foreach (var article in generator.Articles(size))
    {
        census.Add(article);
    }

    foreach (var line in census.Describe())
    {
        Console.WriteLine(line);
    }

    Console.WriteLine($"generated in {Formats.Seconds(timer.Elapsed)}");
    if (args.Contains("--show"))
    {
        var sample = generator.Article(0);
        var registered = (FactLedger.Ledger.Sources.SourceRegistered)sample.Source.Events[0].Data;
        Console.WriteLine(registered.Text);
        foreach (var e in sample.Streams.SelectMany(s => s.Events))
        {
            var json = System.Text.Json.JsonSerializer.Serialize(e.Data, e.Data.GetType(), FactLedger.Ledger.Common.LedgerJson.Options);
            Console.WriteLine(json[..Math.Min(600, json.Length)]);
        }
    }

    return 0;
}

var options = BenchOptions.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
var cancellationToken = cancellation.Token;

var total = Stopwatch.StartNew();
var machine = MachineInfo.Read();
var mode = (options.Quick ? "quick" : "full") + (options.Durable ? ", durable" : "");
var selection = string.Join(", ", BenchOptions.Benchmarks.Where(options.Includes));
Console.WriteLine($"FactLedger benchmarks ({mode}): {selection}");
Console.WriteLine($"{machine.Cpu}, {machine.Cores} cores, {machine.Memory}, {machine.OperatingSystem}, {machine.Runtime}");

var loadAtStart = MachineInfo.Load();
var report = new BenchReport();
var failures = new List<string>();
await using var server = await BenchServer.StartAsync(options.Durable, cancellationToken);
var facts = await server.DescribeAsync(cancellationToken);
Console.WriteLine(facts.Version);

async Task RunAsync(string name, Func<Task> suite)
{
    var started = Stopwatch.StartNew();
    try
    {
        await suite();
    }
    catch (Exception ex) when (ex is not OperationCanceledException)
    {
        failures.Add($"{name}: {ex.GetType().Name}: {ex.Message}");
        Console.Error.WriteLine($"{name} failed: {ex}");
    }

    Console.WriteLine($"{name}: {Formats.Seconds(started.Elapsed)}");
}

if (options.Includes("append"))
{
    await RunAsync("append", () => new AppendSuite(server, options, report).RunAsync(cancellationToken));
}

if (options.Includes("bulk"))
{
    await RunAsync("bulk", () => new BulkSuite(server, options, report).RunAsync(cancellationToken));
}

if (options.Includes("replay") || options.Includes("reads") || options.Includes("memory"))
{
    await RunAsync("ledger scales", () => new ScaleSuite(server, options, report).RunAsync(cancellationToken));
}

if (options.Includes("http"))
{
    await RunAsync("http", () => new HttpSuite(server, options, report).RunAsync(cancellationToken));
}

if (options.Includes("extract"))
{
    await RunAsync("extract", () =>
    {
        MicroSuite.Run<ExtractionBenchmarks>("Claim extraction", report, options);
        return Task.CompletedTask;
    });
}

if (options.Includes("micro"))
{
    await RunAsync("micro", () =>
    {
        MicroSuite.Run<IntegrityBenchmarks>("Per-event client work (canonical JSON, hashes)", report, options);
        return Task.CompletedTask;
    });
}

report.PrintSummary(Console.Out);
foreach (var failure in failures)
{
    Console.WriteLine($"FAILED {failure}");
}

var header =
    $"""
    ## Run of {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC ({mode}: {selection}), {Formats.Seconds(total.Elapsed)}

    - Machine: {machine.Cpu}, {machine.Cores} cores, {machine.Memory} RAM; {machine.OperatingSystem}
    - Runtime: {machine.Runtime}, GC {machine.GcMode}; benchmark process nice value {MachineInfo.Nice()} (inherited by the embedded server it starts)
    - Other work on the machine: at start {loadAtStart}; at end {MachineInfo.Load()}
    - Server: {facts.Version}; {server.Description}
    - Settings: {string.Join(", ", facts.Settings.Select(s => $"{s.Name}={s.Setting}"))}
    - Synthetic ledger seed {options.Seed}; failures: {(failures.Count == 0 ? "none" : string.Join("; ", failures))}

    """;
var path = options.ReportPath ?? Path.Combine(RepositoryPaths.Root, "tests", "FactLedger.Benchmarks", "results",
    $"{DateTimeOffset.UtcNow:yyyyMMdd-HHmm}-{mode.Replace(", ", "-", StringComparison.Ordinal)}-{string.Join('-', BenchOptions.Benchmarks.Where(options.Includes))}.md");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
await File.WriteAllTextAsync(path, report.ToMarkdown(header), cancellationToken);
Console.WriteLine($"Report: {path} ({Formats.Seconds(total.Elapsed)} in all)");
return failures.Count == 0 ? 0 : 1;
