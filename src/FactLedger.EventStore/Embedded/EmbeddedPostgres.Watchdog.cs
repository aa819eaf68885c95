using System.Globalization;

namespace FactLedger.EventStore.Embedded;

public sealed partial class EmbeddedPostgres
{
    // A test host is often killed before its ProcessExit handlers finish, and a crashed one never runs them; pg_ctl
    // detaches the server, so nothing else would stop it. This detached shell outlives us and cleans up after us.
    private const string WatchdogScript = """
        exec </dev/null >/dev/null 2>&1
        owner=$1; directory=$2; shift 2
        while kill -0 "$owner" && [ -d "$directory" ]; do sleep 1; done
        [ -d "$directory" ] || exit 0
        "$@"
        rm -rf "$directory" "$directory.lock"
        """;

    /// <summary>
    /// Starts a detached watchdog that, once this process is gone, stops the throwaway server and deletes its cluster
    /// (also one whose initdb or start was cut short). It quits when the directory is deleted by a normal dispose.
    /// </summary>
    private async Task StartWatchdogAsync(CancellationToken cancellationToken)
    {
        var stopServer = _account.CommandLine(
            Path.Combine(_binDirectory, "pg_ctl"), ["stop", "-D", DataDirectory, "-m", "immediate", "-w", "-s"]);
        var result = await ProcessRunner.RunAsync(
            "setsid",
            ["--fork", "sh", "-c", WatchdogScript, "factledger-pg-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), DataDirectory, .. stopServer],
            cancellationToken);
        if (!result.Succeeded)
        {
            throw new EmbeddedPostgresException($"Could not start the watchdog of the throwaway cluster {DataDirectory}: {result.Output}");
        }
    }
}
