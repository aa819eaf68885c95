using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FactLedger.Ledger.Application;
using FactLedger.Ledger.Persistence;
using FactLedger.Testing;
using Xunit.Abstractions;

namespace FactLedger.Api.Tests.Faults;

/// <summary>
/// Issue 7 (faults): an API process killed with SIGKILL while its projection daemon catches the figures up resumes
/// after restart from its checkpoint, and ends with exactly the figures a clean rebuild produces.
/// </summary>
public sealed class KilledDaemonTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int BulkClaims = 5_000;
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync("killdaemon");

    public Task DisposeAsync() => _connectionString.Length > 0 ? TestPostgres.DropDatabaseAsync(_connectionString) : Task.CompletedTask;

    [Fact]
    public async Task An_api_killed_while_projecting_resumes_and_its_figures_equal_a_clean_rebuild()
    {
        var stopwatch = Stopwatch.StartNew();
        await FaultLedger.RunCliAsync(_connectionString, "ingest", RepositoryPaths.Seeds);
        await using var store = LedgerStoreFactory.Create(_connectionString);
        await FaultLedger.BulkLoadClaimsAsync(store, BulkClaims, applyInlineProjections: true);
        output.WriteLine($"loaded in {stopwatch.Elapsed}");

        var log = new StringBuilder();
        var port = FreePort();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var first = StartApi(port, log);
        var killedAt = await WaitForFiguresAsync(client, first, log, f => f.Checkpoint > 0 && f.Checkpoint < f.FeedHead,
            "the daemon to be midway; load more events if it caught up first");
        first.Kill(entireProcessTree: true);
        await first.WaitForExitAsync();
        first.Dispose();
        output.WriteLine($"killed at checkpoint {killedAt.Checkpoint} of {killedAt.FeedHead} after {stopwatch.Elapsed}");

        var second = StartApi(port, log);
        try
        {
            var caughtUp = await WaitForFiguresAsync(client, second, log, f => f.Lag == 0, "the restarted daemon to catch up");
            Assert.Equal(await FaultLedger.ScalarAsync(_connectionString, "SELECT coalesce(max(sequence), 0) FROM ledger.feed"), caughtUp.FeedHead);
            Assert.Equal(caughtUp.FeedHead, caughtUp.Checkpoint);
            output.WriteLine($"caught up to {caughtUp.Checkpoint} after {stopwatch.Elapsed}");
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
            second.Dispose();
        }

        var projected = await FaultLedger.SnapshotAsync(_connectionString);
        await new ProjectionRebuilder(store).RebuildAsync("figures");
        var rebuilt = await FaultLedger.SnapshotAsync(_connectionString);

        Assert.Equal(rebuilt["figures"], projected["figures"]);
        output.WriteLine($"whole test {stopwatch.Elapsed}");
    }

    private sealed record FiguresHealth(long Checkpoint, long FeedHead, long Lag);

    private Process StartApi(int port, StringBuilder log)
    {
        return ApiProcesses.Start(_connectionString, port, line => Append(log, line), ApiProcesses.WarningsOnly);
    }

    private static async Task<FiguresHealth> WaitForFiguresAsync(HttpClient client, Process process, StringBuilder log, Func<FiguresHealth, bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(process.HasExited, $"The API exited: {log}");
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"Timed out waiting for {what}. {log}");
            FiguresHealth? figures = null;
            try
            {
                var health = JsonDocument.Parse(await client.GetStringAsync("/health")).RootElement;
                figures = health.GetProperty("projections").EnumerateArray()
                    .Where(p => p.GetProperty("name").GetString() == "figures")
                    .Select(p => new FiguresHealth(p.GetProperty("checkpoint").GetInt64(), p.GetProperty("feedHead").GetInt64(), p.GetProperty("lag").GetInt64()))
                    .SingleOrDefault();
            }
            catch (HttpRequestException)
            {
            }

            if (figures is not null)
            {
                Assert.False(figures.Lag == 0 && what.StartsWith("the daemon to be midway", StringComparison.Ordinal), $"The daemon caught up before it could be killed. {log}");
                if (condition(figures))
                {
                    return figures;
                }
            }

            await Task.Delay(10);
        }
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
