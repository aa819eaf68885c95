using System.Diagnostics;
using FactLedger.Testing;

namespace FactLedger.Cli.Tests;

public sealed record CliRun(int ExitCode, string Output, string Error);

/// <summary>Runs the real <c>factledger</c> executable in its own process against a test database.</summary>
public class CliDatabase : PostgresDatabaseFixture
{
    protected override string DatabasePrefix => "cli";

    public Task<CliRun> RunAsync(params string[] args) => RunAgainstAsync(ConnectionString, args);

    /// <summary>Runs the CLI with <paramref name="connectionString"/> as its FACTLEDGER_CONNECTION.</summary>
    public async Task<CliRun> RunAgainstAsync(string connectionString, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "factledger.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["FACTLEDGER_CONNECTION"] = connectionString;
        start.Environment["FACTLEDGER_ACTOR"] = "cli-test";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await output, await error);
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>The CLI's database with the repository's seeds ingested through the CLI itself.</summary>
public sealed class CliWithSeedsIngested : CliDatabase
{
    public CliRun Ingest { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Ingest = await RunAsync("ingest", RepositoryPaths.Seeds);
    }
}
