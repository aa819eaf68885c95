namespace FactLedger.EventStore.Embedded;

/// <summary>
/// Reads <c>postmaster.pid</c>, which a running server keeps in its data directory: line 1 is the server's process id,
/// line 4 its port. The file outlives a server killed with SIGKILL, so its presence alone proves nothing.
/// </summary>
internal sealed record PostmasterPidFile(int ProcessId, int Port)
{
    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "postmaster.pid");

    public static PostmasterPidFile? TryRead(string dataDirectory)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(PathIn(dataDirectory));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return lines.Length >= 4
            && int.TryParse(lines[0].Trim(), out var processId)
            && int.TryParse(lines[3].Trim(), out var port)
                ? new PostmasterPidFile(processId, port)
                : null;
    }

    /// <summary>
    /// True when the recorded process is alive and is a server of this data directory (a postmaster's working
    /// directory is its data directory). A dead, zombie or reused process id yields false.
    /// </summary>
    public bool IsServerOf(string dataDirectory)
    {
        try
        {
            var workingDirectory = Directory.ResolveLinkTarget($"/proc/{ProcessId}/cwd", returnFinalTarget: false);
            return workingDirectory is not null
                && string.Equals(Path.TrimEndingDirectorySeparator(workingDirectory.FullName), Path.TrimEndingDirectorySeparator(dataDirectory), StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static void DeleteStale(string dataDirectory) => File.Delete(PathIn(dataDirectory));
}
