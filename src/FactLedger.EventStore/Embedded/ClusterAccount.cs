using System.Runtime.Versioning;

namespace FactLedger.EventStore.Embedded;

/// <summary>
/// The operating-system account that owns the cluster and runs the server. initdb and postgres refuse to run as root,
/// so a root process hands them to an unprivileged account through <c>runuser</c>.
/// </summary>
internal sealed class ClusterAccount
{
    private const string PreferredAccount = "postgres";
    private const string CreatedAccount = "factledger-pg";

    private static readonly SemaphoreSlim CreationGate = new(1, 1);

    private ClusterAccount(string? runAs) => RunAs = runAs;

    /// <summary>The account to switch to, or null when this process is already unprivileged.</summary>
    public string? RunAs { get; }

    public static async Task<ClusterAccount> ResolveAsync(CancellationToken cancellationToken)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return new ClusterAccount(runAs: null);
        }

        if (await ExistsAsync(PreferredAccount, cancellationToken))
        {
            return new ClusterAccount(PreferredAccount);
        }

        await CreationGate.WaitAsync(cancellationToken);
        try
        {
            if (!await ExistsAsync(CreatedAccount, cancellationToken))
            {
                await RequireAsync(
                    "/usr/sbin/useradd",
                    ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", CreatedAccount],
                    $"create the unprivileged account {CreatedAccount} to run PostgreSQL",
                    cancellationToken);
            }
        }
        finally
        {
            CreationGate.Release();
        }

        return new ClusterAccount(CreatedAccount);
    }

    public Task<ProcessResult> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var commandLine = CommandLine(program, arguments);
        return ProcessRunner.RunAsync(commandLine[0], commandLine.Skip(1), cancellationToken);
    }

    /// <summary>The program and its arguments, prefixed to run as <see cref="RunAs"/> when that is set.</summary>
    public IReadOnlyList<string> CommandLine(string program, IReadOnlyList<string> arguments) =>
        RunAs is null ? [program, .. arguments] : ["/usr/sbin/runuser", "-u", RunAs, "--", program, .. arguments];

    /// <summary>Creates <paramref name="directory"/> so that the account owns it and can reach it.</summary>
    public async Task PrepareDataDirectoryAsync(string directory, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (RunAs is null)
        {
            return;
        }

        MakeAncestorsTraversable(directory);
        await RequireAsync("chown", [$"{RunAs}:", directory], $"hand {directory} to {RunAs}", cancellationToken);
    }

    /// <summary>
    /// The account must be able to pass through every parent directory (e.g. a clone under /root, which is 0700);
    /// only the search bit is added, nothing becomes listable or readable.
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    private static void MakeAncestorsTraversable(string directory)
    {
        for (var ancestor = Directory.GetParent(directory); ancestor is not null; ancestor = ancestor.Parent)
        {
            var mode = File.GetUnixFileMode(ancestor.FullName);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
            {
                File.SetUnixFileMode(ancestor.FullName, mode | UnixFileMode.OtherExecute);
            }
        }
    }

    private static async Task<bool> ExistsAsync(string account, CancellationToken cancellationToken) =>
        (await ProcessRunner.RunAsync("id", ["-u", account], cancellationToken)).Succeeded;

    private static async Task RequireAsync(string program, IReadOnlyList<string> arguments, string purpose, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(program, arguments, cancellationToken);
        if (!result.Succeeded)
        {
            throw new EmbeddedPostgresException($"Could not {purpose}: {program} exited with {result.ExitCode}: {result.Output}");
        }
    }
}
