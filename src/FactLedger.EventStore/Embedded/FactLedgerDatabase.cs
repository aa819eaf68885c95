namespace FactLedger.EventStore.Embedded;

/// <summary>
/// The app's database: the server named by <c>FACTLEDGER_CONNECTION</c>, or else a persistent embedded cluster under
/// <c>&lt;working directory&gt;/.factledger/postgres</c> holding database <c>factledger</c>.
/// </summary>
public static class FactLedgerDatabase
{
    /// <summary>The environment variable holding the connection string of an existing server to use instead of the embedded one.</summary>
    public const string ConnectionVariable = "FACTLEDGER_CONNECTION";

    /// <summary>The database the app uses on the embedded cluster.</summary>
    public const string DatabaseName = "factledger";

    /// <summary>Where the embedded cluster lives, relative to the working directory.</summary>
    public static string ClusterDirectory(string workingDirectory) =>
        Path.Combine(Path.GetFullPath(workingDirectory), ".factledger", "postgres");

    /// <summary>
    /// Returns <c>FACTLEDGER_CONNECTION</c> when set (no server is started). Otherwise starts, or attaches to an
    /// already running server of, the persistent cluster in <see cref="ClusterDirectory"/>, initialising it on first use,
    /// and creates database <c>factledger</c>. Dispose the result when the app exits: it stops a server this process started.
    /// </summary>
    public static Task<ResolvedDatabase> ResolveAsync(string workingDirectory, CancellationToken cancellationToken = default) =>
        ResolveAsync(workingDirectory, Environment.GetEnvironmentVariable, cancellationToken);

    /// <inheritdoc cref="ResolveAsync(string, CancellationToken)"/>
    /// <param name="workingDirectory">The directory under which the embedded cluster is kept.</param>
    /// <param name="environmentVariable">Reads <c>FACTLEDGER_CONNECTION</c> and <c>FACTLEDGER_PG_BIN</c> (tests pass their own).</param>
    /// <param name="cancellationToken">Cancels starting the server.</param>
    public static async Task<ResolvedDatabase> ResolveAsync(
        string workingDirectory, Func<string, string?> environmentVariable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environmentVariable);
        if (environmentVariable(ConnectionVariable) is { Length: > 0 } connectionString)
        {
            return new ResolvedDatabase(connectionString, Server: null);
        }

        var options = new EmbeddedPostgresOptions
        {
            DataDirectory = ClusterDirectory(workingDirectory),
            BinDirectory = PostgresBinaries.Locate(explicitBinDirectory: null, environmentVariable),
        };
        var server = await EmbeddedPostgres.StartAsync(options, cancellationToken);
        try
        {
            return new ResolvedDatabase(await server.CreateDatabaseAsync(DatabaseName, cancellationToken), server);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }
}

/// <summary>The app's connection string and, when embedded, the server behind it.</summary>
/// <param name="ConnectionString">Where the app's data lives.</param>
/// <param name="Server">The embedded server, or null when <c>FACTLEDGER_CONNECTION</c> named an existing one.</param>
public sealed record ResolvedDatabase(string ConnectionString, EmbeddedPostgres? Server) : IAsyncDisposable
{
    /// <summary>Stops the embedded server if this process started it; an existing or attached-to server keeps running.</summary>
    public ValueTask DisposeAsync() => Server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
