using System.Diagnostics;

namespace FactLedger.EventStore.Embedded;

internal sealed record ProcessResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
}

internal static class ProcessRunner
{
    /// <summary>Runs a program to completion, capturing stdout and stderr together; cancellation kills it.</summary>
    public static async Task<ProcessResult> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            // The unprivileged account may not be able to enter the caller's working directory.
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Inherited PGHOST, PGPORT, PGOPTIONS... would silently change how pg_ctl and the server behave.
        foreach (var name in startInfo.Environment.Keys.Where(key => key.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new EmbeddedPostgresException($"Could not run {program}: {exception.Message}", exception);
        }

        process.StandardInput.Close();
        var standardOutput = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var standardError = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
            var output = (await standardOutput + await standardError).Trim();
            return new ProcessResult(process.ExitCode, output);
        }
        catch (OperationCanceledException)
        {
            KillQuietly(process);
            throw;
        }
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
