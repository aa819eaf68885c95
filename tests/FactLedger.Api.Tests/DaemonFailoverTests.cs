using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FactLedger.Api.Tests.Infrastructure;
using FactLedger.Ledger.Access;
using FactLedger.Ledger.Persistence;
using FactLedger.Testing;
using Xunit.Abstractions;

namespace FactLedger.Api.Tests;

/// <summary>
/// Two real API processes on one database: exactly one runs the projection daemon, and when it dies the other takes
/// over, so writes through the survivor still reach the figures.
/// </summary>
public sealed class DaemonFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<ApiProcess> _processes = [];
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync("failover");

    [Fact]
    public async Task When_the_leading_process_dies_the_other_takes_over_and_its_figures_keep_updating()
    {
        var first = Start();
        await first.WaitUntilHealthyAsync();
        var second = Start();
        await second.WaitUntilHealthyAsync();
        var key = await CreateKeyAsync();

        var (leader, follower) = await WaitForOneLeaderAsync(first, second);
        var sourceId = TestLedger.NewId("before");
        await follower.PostAsync("/api/sources", TestLedger.Source(sourceId), key);
        await follower.PostAsync("/api/claims", TestLedger.Claim($"{sourceId}.mau", sourceId), key);
        await WaitForFigureAsync(follower, $"{sourceId}.mau");

        leader.Kill();
        await WaitUntilAsync(async () => (await follower.HealthAsync()).GetProperty("daemon").GetProperty("isLeader").GetBoolean(), "the survivor to lead");

        var laterSourceId = TestLedger.NewId("after");
        await follower.PostAsync("/api/sources", TestLedger.Source(laterSourceId, published: "2019-06-01"), key);
        await follower.PostAsync("/api/claims", TestLedger.Claim($"{laterSourceId}.mau", laterSourceId, value: 300_000_000, asOf: "2019-06-01"), key);
        var figure = await WaitForFigureAsync(follower, $"{laterSourceId}.mau");

        Assert.Equal(300_000_000m, figure.GetProperty("value").GetDecimal());
        var health = await follower.HealthAsync();
        Assert.All(health.GetProperty("projections").EnumerateArray(), p => Assert.Equal(0, p.GetProperty("lag").GetInt64()));
    }

    [Fact]
    public async Task A_terminated_process_shuts_down_promptly_and_cleanly_with_an_event_stream_open()
    {
        Assert.True(OperatingSystem.IsLinux(), "This test sends SIGTERM with kill(1); the project's machines run Linux.");
        var process = Start();
        await process.WaitUntilHealthyAsync();
        using var stream = await process.Client.GetAsync("/api/events/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        var body = await stream.Content.ReadAsStreamAsync();

        var stopwatch = Stopwatch.StartNew();
        process.Terminate();
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, exitCode);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"Shutdown took {stopwatch.Elapsed}.");
        var rest = await new StreamReader(body).ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.StartsWith("retry:", rest, StringComparison.Ordinal);
    }

    private ApiProcess Start()
    {
        var process = new ApiProcess(_connectionString, FreePort());
        _processes.Add(process);
        return process;
    }

    private async Task<string> CreateKeyAsync()
    {
        await using var store = LedgerStoreFactory.Create(_connectionString);
        return (await new ApiKeyStore(store).CreateAsync(ApiKeyRoles.FactChecker, "Failover Tester")).Key;
    }

    private static async Task<(ApiProcess Leader, ApiProcess Follower)> WaitForOneLeaderAsync(ApiProcess a, ApiProcess b)
    {
        (ApiProcess, ApiProcess)? result = null;
        await WaitUntilAsync(async () =>
        {
            var aLeads = (await a.HealthAsync()).GetProperty("daemon").GetProperty("isLeader").GetBoolean();
            var bLeads = (await b.HealthAsync()).GetProperty("daemon").GetProperty("isLeader").GetBoolean();
            Assert.False(aLeads && bLeads, "two processes lead at once");
            result = aLeads ? (a, b) : bLeads ? (b, a) : null;
            return result is not null;
        }, "one process to lead");
        return result!.Value;
    }

    private static async Task<JsonElement> WaitForFigureAsync(ApiProcess process, string claimId)
    {
        JsonElement figure = default;
        await WaitUntilAsync(async () =>
        {
            var response = await process.Client.GetAsync("/api/figures/telegram/monthly_active_users");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            figure = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            return figure.GetProperty("claimId").GetString() == claimId;
        }, $"the figure to come from {claimId}");
        return figure;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            output.WriteLine($"--- process on port {process.Port} ---\n{process.Output}");
            process.Dispose();
        }

        await TestPostgres.DropDatabaseAsync(_connectionString);
    }

    /// <summary>The built API (FactLedger.Api.dll beside the tests) run as its own process, as in a deployment.</summary>
    private sealed class ApiProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        public ApiProcess(string connectionString, int port)
        {
            Port = port;
            _process = ApiProcesses.Start(connectionString, port, Append, ApiProcesses.WarningsOnly);
            Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        }

        public int Port { get; }

        public HttpClient Client { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public async Task WaitUntilHealthyAsync() =>
            await WaitUntilAsync(async () =>
            {
                Assert.False(_process.HasExited, $"The API process exited: {Output}");
                try
                {
                    return (await Client.GetAsync("/health")).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, $"the API on port {Port} to start");

        public async Task<JsonElement> HealthAsync() =>
            JsonDocument.Parse(await Client.GetStringAsync("/health")).RootElement;

        public async Task PostAsync(string url, object body, string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = System.Net.Http.Json.JsonContent.Create(body, options: ApiAssertions.Json) };
            request.Headers.Add("X-Api-Key", key);
            var response = await Client.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        /// <summary>SIGTERM, as a container runtime or systemd stops a service.</summary>
        public void Terminate()
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }

        public async Task<int> WaitForExitAsync(TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            await _process.WaitForExitAsync(cancel.Token);
            return _process.ExitCode;
        }

        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                Kill();
            }

            _process.Dispose();
            Client.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
