using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace FactLedger.EventStore.Embedded;

/// <summary>
/// A PostgreSQL server on a loopback port, run from the locally installed server programs on a cluster in a directory
/// of our choosing: initialised on first use (superuser <c>postgres</c>, trust authentication, UTF-8, C locale),
/// reused afterwards, and attached to rather than started twice when a server already runs on it.
/// </summary>
/// <remarks>
/// When this process is root, the cluster belongs to the unprivileged <c>postgres</c> account (or <c>factledger-pg</c>,
/// created when needed) and the programs run through <c>runuser</c>, because initdb and postgres refuse root.
/// </remarks>
public sealed partial class EmbeddedPostgres : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private const string LogFileName = "embedded-postgres.log";
    private const int StartAttempts = 5;
    private static readonly TimeSpan ServerWait = TimeSpan.FromSeconds(60);

    private readonly string _binDirectory;
    private readonly ClusterAccount _account;
    private readonly bool _throwaway;
    private readonly bool _durable;
    private bool _running = true;
    private bool _disposed;

    private EmbeddedPostgres(string binDirectory, ClusterAccount account, string dataDirectory, EmbeddedPostgresOptions options, bool ownsServer)
    {
        _binDirectory = binDirectory;
        _account = account;
        _throwaway = options.Throwaway;
        _durable = options.Durable || !options.Throwaway;
        DataDirectory = dataDirectory;
        OwnsServer = ownsServer;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The cluster's data directory, with symbolic links resolved.</summary>
    public string DataDirectory { get; }

    /// <summary>
    /// True when this instance started the server; false when it attached to a server already running on the
    /// cluster (say, left by an earlier run). Disposing stops only a server this instance started.
    /// </summary>
    public bool OwnsServer { get; }

    /// <summary>The server's log, inside the data directory.</summary>
    public string LogFile => Path.Combine(DataDirectory, LogFileName);

    /// <summary>Connects as superuser <c>postgres</c> to database <c>postgres</c> on 127.0.0.1.</summary>
    public string AdminConnectionString => ConnectionStringFor("postgres");

    /// <summary>Connects as superuser <c>postgres</c> to <paramref name="database"/> on 127.0.0.1.</summary>
    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = IPAddress.Loopback.ToString(),
        Port = Port,
        Username = Superuser,
        Database = database,
    }.ConnectionString;

    /// <summary>
    /// Starts a server on the cluster in <see cref="EmbeddedPostgresOptions.DataDirectory"/>, first running initdb when
    /// the directory holds no cluster; attaches instead when a server already runs there. A <c>postmaster.pid</c> left by
    /// a killed server does not block the start.
    /// </summary>
    /// <exception cref="PostgresBinariesNotFoundException">The server programs are not installed or not where configured.</exception>
    /// <exception cref="EmbeddedPostgresException">initdb or the server failed; the message carries their output and the log tail.</exception>
    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var binDirectory = PostgresBinaries.Locate(options.BinDirectory);
        var dataDirectory = RealPath.Of(options.DataDirectory);
        var account = await ClusterAccount.ResolveAsync(cancellationToken);

        using var clusterLock = await ClusterLock.AcquireAsync(dataDirectory, cancellationToken);
        if (await FindRunningServerAsync(dataDirectory, cancellationToken) is { } runningPort)
        {
            return new EmbeddedPostgres(binDirectory, account, dataDirectory, options, ownsServer: false) { Port = runningPort };
        }

        var server = new EmbeddedPostgres(binDirectory, account, dataDirectory, options, ownsServer: true);
        var isNewCluster = !File.Exists(Path.Combine(dataDirectory, "PG_VERSION"));
        if (isNewCluster)
        {
            await account.PrepareDataDirectoryAsync(dataDirectory, cancellationToken);
        }

        if (options.Throwaway)
        {
            await server.StartWatchdogAsync(cancellationToken);
        }

        if (isNewCluster)
        {
            await server.InitializeClusterAsync(cancellationToken);
        }

        server.Port = await server.StartServerAsync(cancellationToken);
        return server;
    }

    /// <summary>Creates <paramref name="database"/> unless it exists, and returns <see cref="ConnectionStringFor"/> it.</summary>
    public async Task<string> CreateDatabaseAsync(string database, CancellationToken cancellationToken = default)
    {
        await PostgresDatabases.CreateIfMissingAsync(AdminConnectionString, database, cancellationToken);
        return ConnectionStringFor(database);
    }

    /// <summary>
    /// Stops the server (even one this instance merely attached to): a fast shutdown that lets it write a checkpoint,
    /// or an immediate one for a throwaway cluster. Stopping a stopped server does nothing.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!_running)
        {
            return;
        }

        var mode = _throwaway ? "immediate" : "fast";
        var result = await RunProgramAsync(
            "pg_ctl", ["stop", "-D", DataDirectory, "-m", mode, "-w", "-t", Seconds(ServerWait), "-s"], cancellationToken);
        if (!result.Succeeded && File.Exists(PostmasterPidFile.PathIn(DataDirectory)))
        {
            throw new EmbeddedPostgresException(
                $"pg_ctl could not stop the server on {DataDirectory} (exit {result.ExitCode}): {result.Output}{LogTail(0)}");
        }

        _running = false;
    }

    /// <summary>
    /// A throwaway cluster is stopped and its directory deleted. A persistent cluster's server is stopped if this
    /// instance started it, and left running if it was only attached to; its data always stays.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_throwaway)
        {
            await StopAsync();
            DeleteCluster(DataDirectory);
        }
        else if (OwnsServer)
        {
            await StopAsync();
        }
    }

    /// <summary>
    /// Stops whatever server runs on <paramref name="dataDirectory"/> (immediate shutdown) and deletes the cluster;
    /// for sweeping up throwaway clusters whose owner died before it could dispose them.
    /// </summary>
    public static async Task DestroyAsync(string dataDirectory, string? binDirectory = null, CancellationToken cancellationToken = default)
    {
        var directory = RealPath.Of(dataDirectory);
        if (PostmasterPidFile.TryRead(directory) is { } pidFile && pidFile.IsServerOf(directory))
        {
            var account = await ClusterAccount.ResolveAsync(cancellationToken);
            var pgCtl = Path.Combine(PostgresBinaries.Locate(binDirectory), "pg_ctl");
            await account.RunAsync(pgCtl, ["stop", "-D", directory, "-m", "immediate", "-w", "-t", Seconds(ServerWait), "-s"], cancellationToken);
        }

        DeleteCluster(directory);
    }

    private async Task InitializeClusterAsync(CancellationToken cancellationToken)
    {
        List<string> arguments =
        [
            "-D", DataDirectory, "-U", Superuser, "--auth=trust", "--encoding=UTF8", "--locale=C",
        ];
        if (_throwaway)
        {
            arguments.Add("--no-sync");
        }

        var result = await RunProgramAsync("initdb", arguments, cancellationToken);
        if (!result.Succeeded)
        {
            throw new EmbeddedPostgresException($"initdb failed for {DataDirectory} (exit {result.ExitCode}):{Environment.NewLine}{result.Output}");
        }

        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), ServerSettings(tunedForSpeed: !_durable), cancellationToken);
    }

    private static string ServerSettings(bool tunedForSpeed)
    {
        var settings = """

            # Added by FactLedger's embedded PostgreSQL: loopback TCP only; no unix socket, whose path length is limited.
            listen_addresses = '127.0.0.1'
            unix_socket_directories = ''
            max_connections = 200

            """;
        return tunedForSpeed
            ? settings + """
                # Throwaway test cluster: speed over durability.
                fsync = off
                synchronous_commit = off
                full_page_writes = off

                """
            : settings;
    }

    private async Task<int> StartServerAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var logOffset = File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;
            var result = await RunProgramAsync(
                "pg_ctl",
                ["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", Seconds(ServerWait), "-s", "-o", $"-p {port}"],
                cancellationToken);
            if (result.Succeeded)
            {
                return port;
            }

            var logTail = LogTail(logOffset);
            if (attempt < StartAttempts && IsTransientStartFailure(logTail))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
                continue;
            }

            throw new EmbeddedPostgresException(
                $"PostgreSQL did not start on {DataDirectory} (port {port}, attempt {attempt}); pg_ctl exited with {result.ExitCode}: {result.Output}{logTail}");
        }
    }

    // Another program took the port between our probe and the bind, or the children of a killed server are still
    // detaching from its shared memory.
    private static bool IsTransientStartFailure(string logTail) =>
        logTail.Contains("could not bind", StringComparison.OrdinalIgnoreCase)
        || logTail.Contains("could not create any TCP/IP sockets", StringComparison.OrdinalIgnoreCase)
        || logTail.Contains("is still in use", StringComparison.OrdinalIgnoreCase);

    private static async Task<int?> FindRunningServerAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        if (PostmasterPidFile.TryRead(dataDirectory) is not { } pidFile)
        {
            return null;
        }

        if (!pidFile.IsServerOf(dataDirectory))
        {
            // Left by a killed server; the recorded process id may by now belong to an unrelated process, which
            // would make postgres refuse to start, so the stale file goes.
            PostmasterPidFile.DeleteStale(dataDirectory);
            return null;
        }

        if (await AcceptsConnectionsAsync(pidFile.Port, cancellationToken))
        {
            return pidFile.Port;
        }

        throw new EmbeddedPostgresException(
            $"A PostgreSQL server (process {pidFile.ProcessId}) runs on {dataDirectory} but accepts no connections on 127.0.0.1:{pidFile.Port}. "
            + $"Stop it with: pg_ctl stop -D {dataDirectory}");
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port, CancellationToken cancellationToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(),
            Port = port,
            Username = Superuser,
            Database = "postgres",
            Pooling = false,
            Timeout = 3,
        }.ConnectionString;

        // A server still starting up or recovering refuses connections for a while.
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                return true;
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                return false;
            }
        }
    }

    private Task<ProcessResult> RunProgramAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        _account.RunAsync(Path.Combine(_binDirectory, program), arguments, cancellationToken);

    private string LogTail(long fromOffset)
    {
        const int maxLines = 30;
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(Math.Min(fromOffset, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return $"{Environment.NewLine}Last lines of {LogFile}:{Environment.NewLine}{string.Join(Environment.NewLine, lines.TakeLast(maxLines))}";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"{Environment.NewLine}(no server log at {LogFile})";
        }
    }

    private static void DeleteCluster(string dataDirectory)
    {
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }

        if (File.Exists(ClusterLock.PathFor(dataDirectory)))
        {
            File.Delete(ClusterLock.PathFor(dataDirectory));
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Seconds(TimeSpan span) => ((int)span.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
