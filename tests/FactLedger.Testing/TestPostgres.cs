using System.Text;
using FactLedger.EventStore.Embedded;

namespace FactLedger.Testing;

/// <summary>
/// The PostgreSQL server of this test process: the one named by <c>FACTLEDGER_TEST_CONNECTION</c> (a superuser
/// connection string), or else one throwaway embedded cluster under the temp directory, started on first use and
/// stopped and deleted when the process exits.
/// </summary>
public static class TestPostgres
{
    public const string ConnectionVariable = "FACTLEDGER_TEST_CONNECTION";

    private static readonly string ClustersRoot = Path.Combine(Path.GetTempPath(), "factledger-test-pg");
    private static readonly Lazy<Task<string>> AdminConnection = new(ConnectAsync);

    /// <summary>A superuser connection string to the server's <c>postgres</c> database.</summary>
    public static Task<string> AdminConnectionStringAsync(CancellationToken cancellationToken = default) =>
        AdminConnection.Value.WaitAsync(cancellationToken);

    /// <summary>Creates a fresh database named <paramref name="prefix"/> plus a unique suffix; returns a superuser connection string to it.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var admin = await AdminConnectionStringAsync(cancellationToken);
        return await PostgresDatabases.CreateIfMissingAsync(admin, UniqueDatabaseName(prefix), cancellationToken);
    }

    /// <summary>Drops the database a connection string points at, ending its sessions.</summary>
    public static async Task DropDatabaseAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var admin = await AdminConnectionStringAsync(cancellationToken);
        var database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database
            ?? throw new ArgumentException("The connection string names no database.", nameof(connectionString));
        await PostgresDatabases.DropIfExistsAsync(admin, database, cancellationToken);
    }

    private static async Task<string> ConnectAsync()
    {
        if (Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } existingServer)
        {
            return existingServer;
        }

        var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions
        {
            DataDirectory = Path.Combine(ClustersRoot, $"{Environment.ProcessId}-{Guid.NewGuid():N}"),
            Throwaway = true,
        });
        // Usually cut short by the test runner killing its host; the throwaway cluster's watchdog then finishes the job.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server.AdminConnectionString;
    }

    private static string UniqueDatabaseName(string prefix)
    {
        var sanitized = new StringBuilder();
        foreach (var character in prefix.ToLowerInvariant().Take(30))
        {
            sanitized.Append(char.IsAsciiLetterOrDigit(character) ? character : '_');
        }

        return $"{sanitized}_{Guid.NewGuid():N}";
    }
}
