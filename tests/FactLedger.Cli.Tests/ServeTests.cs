using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using FactLedger.Testing;

namespace FactLedger.Cli.Tests;

/// <summary>The README's main job: <c>factledger start</c> migrates, ingests the seeds and serves, in a real process on a real port.</summary>
public sealed class ServeTests(CliDatabase cli) : IClassFixture<CliDatabase>
{
    [Fact]
    public async Task Start_migrates_ingests_the_seeds_and_serves_api_and_pages()
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "factledger.dll"), "start", "--urls", $"http://127.0.0.1:{port}", "--seeds", RepositoryPaths.Seeds })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["FACTLEDGER_CONNECTION"] = cli.ConnectionString;
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitForHealthAsync(http, process, output);

            var figure = JsonDocument.Parse(await http.GetStringAsync("/api/figures/telegram/monthly_active_users")).RootElement;
            Assert.Equal(900_000_000m, figure.GetProperty("value").GetDecimal());
            var page = await http.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("text/html", page.Content.Headers.ContentType?.ToString());
            lock (output)
            {
                Assert.Contains("appended", output.ToString());
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Keys_are_created_listed_and_revoked_and_only_their_hash_is_stored()
    {
        var created = await cli.RunAsync("keys", "create", "--role", "fact-checker", "--owner", "ana@example.org");
        Assert.Equal(0, created.ExitCode);
        var key = created.Output.Trim().Split('\n')[^1].Trim();
        Assert.StartsWith("flk_", key);
        Assert.Equal(0, await cli.ScalarAsync($"SELECT count(*) FROM ledger_access.api_keys WHERE key_hash::text LIKE '%{key}%' OR owner = '{key}'"));

        var listed = await cli.RunAsync("keys", "list");
        Assert.Contains("ana@example.org", listed.Output);
        Assert.DoesNotContain(key, listed.Output);

        var id = key.Split('_')[1];
        Assert.Equal(0, (await cli.RunAsync("keys", "revoke", id)).ExitCode);
        Assert.Equal(1, await cli.ScalarAsync($"SELECT count(*) FROM ledger_access.api_keys WHERE id = '{id}' AND revoked_at IS NOT NULL"));
        Assert.Equal(4, (await cli.RunAsync("keys", "revoke", "nosuchkey")).ExitCode);
        Assert.NotEqual(0, (await cli.RunAsync("keys", "create", "--role", "emperor")).ExitCode);
    }

    private static async Task WaitForHealthAsync(HttpClient http, Process process, System.Text.StringBuilder output)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"factledger start exited with {process.ExitCode}: {output}");
            }

            try
            {
                var health = JsonDocument.Parse(await http.GetStringAsync("/health")).RootElement;
                if (health.GetProperty("projections")[0].GetProperty("lag").GetInt64() == 0 && health.GetProperty("projections")[0].GetProperty("feedHead").GetInt64() > 0)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"factledger start did not become healthy: {output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
