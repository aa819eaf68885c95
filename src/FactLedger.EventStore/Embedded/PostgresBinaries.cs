namespace FactLedger.EventStore.Embedded;

/// <summary>Finds the PostgreSQL server programs (<c>initdb</c>, <c>pg_ctl</c>, <c>postgres</c>).</summary>
public static class PostgresBinaries
{
    /// <summary>The environment variable naming the directory that holds the PostgreSQL server programs.</summary>
    public const string BinDirectoryVariable = "FACTLEDGER_PG_BIN";

    private static readonly string[] RequiredPrograms = ["initdb", "pg_ctl", "postgres"];
    private const string DebianInstallRoot = "/usr/lib/postgresql";

    /// <summary>
    /// Returns the directory holding the server programs: <paramref name="explicitBinDirectory"/> if given, else
    /// <c>FACTLEDGER_PG_BIN</c>, else the first <c>PATH</c> entry with <c>initdb</c> and <c>pg_ctl</c>, else the
    /// highest version under <c>/usr/lib/postgresql/*/bin</c>.
    /// </summary>
    /// <exception cref="PostgresBinariesNotFoundException">No usable directory; the message says how to fix it.</exception>
    public static string Locate(string? explicitBinDirectory = null) =>
        Locate(explicitBinDirectory, Environment.GetEnvironmentVariable);

    /// <inheritdoc cref="Locate(string?)"/>
    /// <param name="explicitBinDirectory">A directory that must hold the programs; no fallback when it does not.</param>
    /// <param name="environmentVariable">Reads an environment variable (tests pass their own).</param>
    public static string Locate(string? explicitBinDirectory, Func<string, string?> environmentVariable)
    {
        if (!string.IsNullOrWhiteSpace(explicitBinDirectory))
        {
            return HoldsServerPrograms(explicitBinDirectory)
                ? Path.GetFullPath(explicitBinDirectory)
                : throw new PostgresBinariesNotFoundException($"the directory given ({explicitBinDirectory})");
        }

        if (environmentVariable(BinDirectoryVariable) is { Length: > 0 } fromEnvironment)
        {
            return HoldsServerPrograms(fromEnvironment)
                ? Path.GetFullPath(fromEnvironment)
                : throw new PostgresBinariesNotFoundException($"{BinDirectoryVariable} ({fromEnvironment})");
        }

        var onPath = (environmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HoldsServerPrograms);
        if (onPath is not null)
        {
            return Path.GetFullPath(onPath);
        }

        return HighestDebianVersion()
            ?? throw new PostgresBinariesNotFoundException($"{BinDirectoryVariable}, PATH or {DebianInstallRoot}/*/bin");
    }

    private static string? HighestDebianVersion()
    {
        if (!Directory.Exists(DebianInstallRoot))
        {
            return null;
        }

        return Directory.EnumerateDirectories(DebianInstallRoot)
            .Select(versionDirectory => (Version: ParseVersion(Path.GetFileName(versionDirectory)), Bin: Path.Combine(versionDirectory, "bin")))
            .Where(candidate => candidate.Version is not null && HoldsServerPrograms(candidate.Bin))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Bin)
            .FirstOrDefault();
    }

    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version) ? version : null;

    private static bool HoldsServerPrograms(string directory) =>
        RequiredPrograms.All(program => File.Exists(Path.Combine(directory, program)));
}

/// <summary>The PostgreSQL server programs could not be found; the message lists the ways to fix that.</summary>
public sealed class PostgresBinariesNotFoundException(string whereLooked) : Exception(
    $"""
    The PostgreSQL server programs (initdb, pg_ctl, postgres) were not found in {whereLooked}.
    Fix it in one of these ways:
      - install PostgreSQL: sudo apt-get install postgresql   (or run ops/install-prerequisites.sh)
      - set {PostgresBinaries.BinDirectoryVariable} to the directory holding initdb and pg_ctl, e.g. /usr/lib/postgresql/15/bin
      - use an existing server: set FACTLEDGER_CONNECTION (the app) or FACTLEDGER_TEST_CONNECTION (the tests) to its connection string
    """);
