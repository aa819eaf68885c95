using System.Diagnostics;
using Npgsql;

namespace FactLedger.Benchmarks.Harness;

/// <summary>CPU seconds spent by this process and by the server's backends during a measurement.</summary>
public readonly record struct CpuUse(double ClientSeconds, double ServerSeconds)
{
    public double Total => ClientSeconds + ServerSeconds;

    public static CpuUse operator -(CpuUse a, CpuUse b) => new(a.ClientSeconds - b.ClientSeconds, a.ServerSeconds - b.ServerSeconds);
}

/// <summary>
/// Reads CPU time instead of wall time, which other work on a shared machine barely disturbs: this process's own, and
/// the server's backends' (from /proc/PID/stat of every backend connected to the database, so only for a server on
/// this machine). A backend that exits between two readings takes its CPU time with it, so pools must stay open.
/// </summary>
public sealed class CpuMeter(string connectionString)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public bool ServerVisible { get; private set; } = true;

    public async Task<CpuUse> ReadAsync(CancellationToken cancellationToken)
    {
        var client = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        double server = 0;
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            server += BackendSeconds(reader.GetInt32(0));
        }

        return new CpuUse(client, server);
    }

    private double BackendSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Fields after the command: state is [0], so utime (14th overall) is [11] and stime [12].
            return (long.Parse(fields[11], Formats.Invariant) + long.Parse(fields[12], Formats.Invariant)) / TicksPerSecond;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            ServerVisible = false;
            return 0;
        }
    }
}
