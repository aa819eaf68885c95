using System.Diagnostics;
using System.Text;
using FactLedger.EventStore;
using FactLedger.EventStore.Append;
using FactLedger.EventStore.Events;
using FactLedger.Ledger.Claims;
using FactLedger.Testing;
using Npgsql;

namespace FactLedger.Api.Tests.Faults;

/// <summary>Helpers for the kill -9 tests: the real CLI as a process, a bulk of synthetic claims, read-model snapshots.</summary>
public static class FaultLedger
{
    public const string SeedClaimId = "liputan6-2016-telegram-100-juta.telegram-mau-100m";

    /// <summary>The CLI built beside the API in the same configuration (the solution build makes it).</summary>
    public static string CliDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var dll = Path.Combine(RepositoryPaths.Root, "src", "FactLedger.Cli", "bin", configuration, "net10.0", "factledger.dll");
            Assert.True(File.Exists(dll), $"{dll} is missing: build the solution (or src/FactLedger.Cli) in {configuration} first.");
            return dll;
        }
    }

    public static Process StartCli(string connectionString, StringBuilder output, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        start.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["FACTLEDGER_CONNECTION"] = connectionString;
        start.Environment["FACTLEDGER_ACTOR"] = "faults-test";
        var process = Process.Start(start)!;
        void Append(string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }
        }

        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task<int> RunCliAsync(string connectionString, params string[] args)
    {
        var output = new StringBuilder();
        using var process = StartCli(connectionString, output, args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"factledger {string.Join(' ', args)} exited {process.ExitCode}: {output}");
        return process.ExitCode;
    }

    /// <summary>
    /// Appends <paramref name="count"/> new claim streams, each a copy of a seed claim's assertion under a new id of the
    /// same source (so its quote occurs in the source text), then seals the feed.
    /// </summary>
    public static async Task BulkLoadClaimsAsync(PostgresEventStore store, int count, bool applyInlineProjections)
    {
        var seed = await store.ReadStreamAsync(Claim.StreamId(SeedClaimId)).FirstAsync();
        var asserted = (ClaimAsserted)seed.Data;
        const int batch = 5_000;
        for (var from = 0; from < count; from += batch)
        {
            var appends = Enumerable.Range(from, Math.Min(batch, count - from))
                .Select(i =>
                {
                    var claimId = $"{asserted.SourceId}.bulk-{i:D6}";
                    return new StreamAppend(Claim.StreamId(claimId), "claim", ExpectedVersion.NoStream,
                        [new NewEvent(asserted with { ClaimId = claimId, Value = asserted.Value + i }, seed.Metadata with { Reason = "bulk load" })]);
                })
                .ToList();
            await store.BulkAppendAsync(appends, applyInlineProjections);
        }

        await store.SealAllAsync();
    }

    /// <summary>A digest of every row of each read model, in key order.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> SnapshotAsync(string connectionString)
    {
        var snapshot = new Dictionary<string, string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var table in new[] { "sources", "claims", "figures" })
        {
            await using var command = new NpgsqlCommand(
                $"SELECT count(*) || ':' || coalesce(md5(string_agg(r, E'\\n' ORDER BY r)), '') FROM (SELECT t::text AS r FROM ledger_read.{table} t) rows",
                connection);
            snapshot[table] = (string)(await command.ExecuteScalarAsync())!;
        }

        return snapshot;
    }

    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
