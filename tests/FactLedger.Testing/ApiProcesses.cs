using System.Diagnostics;

namespace FactLedger.Testing;

/// <summary>Starts the built API (FactLedger.Api.dll beside the caller) as its own process on a loopback port, as deployed.</summary>
public static class ApiProcesses
{
    /// <param name="environment">Extra environment, e.g. configuration as <c>FactLedger__Api__ResponseCache</c>.</param>
    public static Process Start(string connectionString, int port, Action<string?> onOutputLine, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "FactLedger.Api.dll"), "--urls", $"http://127.0.0.1:{port}" },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["FACTLEDGER_CONNECTION"] = connectionString;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => onOutputLine(e.Data);
        process.ErrorDataReceived += (_, e) => onOutputLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The API's own log quietened to warnings: what the tests read when a process misbehaves.</summary>
    public static readonly IReadOnlyDictionary<string, string> WarningsOnly = new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" };
}
