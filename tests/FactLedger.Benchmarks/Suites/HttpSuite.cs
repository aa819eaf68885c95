using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using FactLedger.Benchmarks.Harness;
using FactLedger.EventStore;

namespace FactLedger.Benchmarks.Suites;

/// <summary>
/// HTTP under load: the built API (FactLedger.Api.dll, as deployed: its own process, server GC, default logging) on a
/// loopback port over a synthetic ledger, hammered by <c>wrk</c> for a bounded time. Reports requests/s, p50 and p99
/// and every error wrk saw, with the response cache on (the default) and off (every request reads PostgreSQL). Each
/// measured run follows an unmeasured warm-up run of wrk against the same URL.
/// </summary>
public sealed partial class HttpSuite(BenchServer server, BenchOptions options, BenchReport report)
{
    private const string Section = "HTTP under load (wrk)";
    private const string FigurePath = "/api/figures/telegram/monthly_active_users";
    private const string AllFiguresPath = "/api/figures";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var wrk = FindWrk() ?? throw new InvalidOperationException("wrk is not installed: apt-get install wrk (Debian/Ubuntu), then run the http benchmark again.");
        var connectionString = await Stores.CreateMigratedAsync(server, "http", cancellationToken);
        try
        {
            var events = await LoadAsync(connectionString, cancellationToken);
            foreach (var cached in new[] { true, false })
            {
                await using var api = await ApiProcess.StartAsync(connectionString, cached, cancellationToken);
                foreach (var path in new[] { FigurePath, AllFiguresPath })
                {
                    var bytes = await api.WarmUpAsync(path, cancellationToken);
                    // Tiered JIT recompiles the hot path with profile data only after some seconds of load: measure after that.
                    await RunWrkAsync(wrk, api.BaseAddress + path, WarmUpSeconds, cancellationToken);
                    var cpuBefore = api.CpuTime();
                    var result = await RunWrkAsync(wrk, api.BaseAddress + path, MeasuredSeconds, cancellationToken);
                    var cpuPerRequest = (api.CpuTime() - cpuBefore).TotalMicroseconds / Math.Max(1, result.Requests);
                    var label = $"GET {path}, response cache {(cached ? "on" : "off")}";
                    report.Add(Section, label, Formats.Rate(result.RequestsPerSecond) + " requests",
                        $"p50 {Formats.Ms(result.P50Ms)}, p99 {Formats.Ms(result.P99Ms)}; {Formats.Count(result.Requests)} requests in {result.Seconds:0.0} s, " +
                        $"{result.Connections} connections, {Formats.Count(bytes)} B body; API CPU {cpuPerRequest:0} us per request; errors: {result.Errors}; ledger of {Formats.Count(events)} events");
                    if (cached && path == FigurePath)
                    {
                        report.Target("HTTP current figure, response cache on (k requests/s)", result.RequestsPerSecond / 1000, ">=", 10, $"p99 {Formats.Ms(result.P99Ms)}");
                        report.Target("HTTP current figure: failed requests (non-2xx/3xx, socket errors)", result.ErrorCount, "<=", 0);
                    }
                }

                report.Add(Section, $"API process, response cache {(cached ? "on" : "off")}", Formats.Mb(api.PeakRss()), "peak RSS (VmHWM) after the runs");
            }
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString, cancellationToken);
        }
    }

    private long Scale => options.Quick ? 10_000 : 100_000;

    private async Task<long> LoadAsync(string connectionString, CancellationToken cancellationToken)
    {
        Console.WriteLine($"http: loading a ledger of {Scale:#,0} events");
        var load = await Worker.RunAsync(["load", connectionString, Scale.ToString(Formats.Invariant), options.Seed.ToString(Formats.Invariant),
            options.EventsPerBatch.ToString(Formats.Invariant)], cancellationToken);
        await using (var store = Stores.Ledger(connectionString))
        {
            await store.SealAllAsync(cancellationToken);
        }

        await Worker.RunAsync(["replay", connectionString], cancellationToken);
        return load.Events;
    }

    private int WarmUpSeconds => options.Quick ? 5 : 10;

    private int MeasuredSeconds => options.Quick ? 5 : 15;

    private static async Task<WrkResult> RunWrkAsync(string wrk, string url, int duration, CancellationToken cancellationToken)
    {
        // One wrk thread: on 2 cores a second would take CPU from the server it measures.
        const int connections = 32;
        var start = new ProcessStartInfo(wrk)
        {
            ArgumentList = { "-t1", $"-c{connections}", $"-d{duration}s", "--timeout", "2s", "--latency", url },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Console.WriteLine($"  wrk {string.Join(' ', start.ArgumentList)}");
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {errors}{output}");
        }

        return WrkResult.Parse(output, connections);
    }

    private static string? FindWrk() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, "wrk"))
            .FirstOrDefault(File.Exists);

    /// <summary>What wrk printed: throughput, latency percentiles and every kind of failure it counts.</summary>
    public sealed partial record WrkResult(double RequestsPerSecond, long Requests, double Seconds, double P50Ms, double P99Ms, int Connections, long ErrorCount, string Errors)
    {
        public static WrkResult Parse(string output, int connections)
        {
            var rate = double.Parse(Match(RateLine(), output), CultureInfo.InvariantCulture);
            var totals = TotalsLine().Match(output);
            if (!totals.Success)
            {
                throw new FormatException($"No request total in wrk's output:\n{output}");
            }

            var socket = SocketErrorsLine().Match(output);
            var non2xx = Non2xxLine().Match(output);
            var socketErrors = socket.Success
                ? Enumerable.Range(1, 4).Sum(i => long.Parse(socket.Groups[i].Value, CultureInfo.InvariantCulture))
                : 0;
            var badResponses = non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            var describedErrors = socketErrors + badResponses == 0
                ? "none"
                : $"{(socket.Success ? socket.Value.Trim() : "")} {(non2xx.Success ? non2xx.Value.Trim() : "")}".Trim();
            return new WrkResult(
                rate,
                long.Parse(totals.Groups[1].Value, CultureInfo.InvariantCulture),
                double.Parse(totals.Groups[2].Value, CultureInfo.InvariantCulture) * (totals.Groups[3].Value == "m" ? 60 : 1),
                Percentile(output, "50%"),
                Percentile(output, "99%"),
                connections,
                socketErrors + badResponses,
                describedErrors);
        }

        private static double Percentile(string output, string percentile)
        {
            var line = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(percentile, StringComparison.Ordinal))
                ?? throw new FormatException($"No {percentile} latency in wrk's output (was --latency given?):\n{output}");
            var value = LatencyValue().Match(line);
            var number = double.Parse(value.Groups[1].Value, CultureInfo.InvariantCulture);
            return value.Groups[2].Value switch
            {
                "us" => number / 1000,
                "ms" => number,
                "s" => number * 1000,
                "m" => number * 60_000,
                var unit => throw new FormatException($"Unknown latency unit '{unit}' in '{line}'."),
            };
        }

        private static string Match(Regex regex, string output) =>
            regex.Match(output) is { Success: true } match ? match.Groups[1].Value : throw new FormatException($"Unexpected wrk output:\n{output}");

        [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
        private static partial Regex RateLine();

        [GeneratedRegex(@"(\d+) requests in ([0-9.]+)(s|m)")]
        private static partial Regex TotalsLine();

        [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
        private static partial Regex SocketErrorsLine();

        [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
        private static partial Regex Non2xxLine();

        [GeneratedRegex(@"^\S+\s+([0-9.]+)(us|ms|s|m)$")]
        private static partial Regex LatencyValue();
    }

    /// <summary>The built API as its own process on a free loopback port, its output drained and kept for errors.</summary>
    private sealed class ApiProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly HttpClient _client;
        private readonly List<string> _output;

        private ApiProcess(Process process, string baseAddress, List<string> output)
        {
            _output = output;
            _process = process;
            BaseAddress = baseAddress;
            _client = new HttpClient { BaseAddress = new Uri(baseAddress), Timeout = TimeSpan.FromSeconds(30) };
        }

        public string BaseAddress { get; }

        public static async Task<ApiProcess> StartAsync(string connectionString, bool cached, CancellationToken cancellationToken)
        {
            var port = FreePort();
            var settings = cached
                ? new Dictionary<string, string>()
                : new Dictionary<string, string> { ["FactLedger__Api__ResponseCache"] = "false", ["FactLedger__Api__ReadPositionMaxAge"] = "00:00:00" };
            var output = new List<string>();
            var api = new ApiProcess(FactLedger.Testing.ApiProcesses.Start(connectionString, port, line => Keep(output, line), settings), $"http://127.0.0.1:{port}", output);
            await api.WaitUntilHealthyAsync(cancellationToken);
            return api;
        }

        /// <summary>A few plain requests first (JIT, connection pools, the cache's first fill); the body's size is reported.</summary>
        public async Task<long> WarmUpAsync(string path, CancellationToken cancellationToken)
        {
            long bytes = 0;
            for (var i = 0; i < 50; i++)
            {
                using var response = await _client.GetAsync(path, cancellationToken);
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
                }

                bytes = body.Length;
            }

            return bytes;
        }

        public long PeakRss() => MemoryProbe.PeakRss(_process.Id);

        /// <summary>CPU the API process has used so far, user and system, all threads.</summary>
        public TimeSpan CpuTime()
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }

        private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"The API exited with {_process.ExitCode}: {Output()}");
                }

                try
                {
                    using var response = await _client.GetAsync("/health", cancellationToken);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(200, cancellationToken);
            }

            throw new TimeoutException($"The API did not become healthy in 60 s: {Output()}");
        }

        private static void Keep(List<string> output, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                // The request log runs to a line per request; the start and any failure are at the ends.
                if (output.Count > 200)
                {
                    output.RemoveAt(100);
                }

                output.Add(line);
            }
        }

        private string Output()
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }
}
