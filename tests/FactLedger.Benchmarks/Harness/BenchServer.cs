using FactLedger.EventStore;
using FactLedger.EventStore.Embedded;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Persistence;
using Npgsql;

namespace FactLedger.Benchmarks.Harness;

/// <summary>The PostgreSQL server the benchmarks run on, and what it runs with.</summary>
public sealed record ServerFacts(string Version, IReadOnlyList<(string Name, string Setting)> Settings);

/// <summary>
/// The server every benchmark of a run shares: <c>FACTLEDGER_BENCH_CONNECTION</c> (a superuser connection string) when
/// set, otherwise a throwaway embedded cluster: fsync, synchronous_commit and full_page_writes off, so the figures
/// measure CPU rather than this machine's disk, or on (<c>--durable</c>) as on the application's own cluster, where every
/// commit also waits for its WAL flush. Raw baselines and FactLedger always run on the same server in the same run, so
/// their ratios compare like with like.
/// </summary>
public sealed class BenchServer : IAsyncDisposable
{
    public const string ConnectionVariable = "FACTLEDGER_BENCH_CONNECTION";

    private readonly EmbeddedPostgres? _embedded;

    private readonly bool _durable;

    private BenchServer(string adminConnectionString, EmbeddedPostgres? embedded, bool durable)
    {
        AdminConnectionString = adminConnectionString;
        _embedded = embedded;
        _durable = durable;
    }

    public string AdminConnectionString { get; }

    public string Description => (_embedded, _durable) switch
    {
        (null, _) => $"existing server from {ConnectionVariable}",
        (_, false) => "embedded throwaway cluster (initdb defaults + fsync=off, synchronous_commit=off, full_page_writes=off)",
        _ => "embedded throwaway cluster, durable (initdb defaults: fsync, synchronous_commit, full_page_writes on, as the application's cluster)",
    };

    public static async Task<BenchServer> StartAsync(bool durable, CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } existing)
        {
            return new BenchServer(existing, null, durable: false);
        }

        var embedded = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions
        {
            DataDirectory = Path.Combine(Path.GetTempPath(), "factledger-bench-pg", $"{Environment.ProcessId}-{Guid.NewGuid():N}"),
            Throwaway = true,
            Durable = durable,
        }, cancellationToken);
        return new BenchServer(embedded.AdminConnectionString, embedded, durable);
    }

    /// <summary>A fresh database; returns a superuser connection string to it.</summary>
    public Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken) =>
        PostgresDatabases.CreateIfMissingAsync(AdminConnectionString, $"bench_{prefix}_{Guid.NewGuid():N}", cancellationToken);

    public async Task DropDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await PostgresDatabases.DropIfExistsAsync(AdminConnectionString, database, cancellationToken);
    }

    public async Task<ServerFacts> DescribeAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var version = new NpgsqlCommand("SELECT version()", connection);
        var text = (string)(await version.ExecuteScalarAsync(cancellationToken))!;
        await using var settings = new NpgsqlCommand(
            """
            SELECT name, setting || coalesce(' ' || unit, '') FROM pg_settings
            WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_level', 'shared_buffers', 'work_mem',
                           'maintenance_work_mem', 'effective_cache_size', 'max_wal_size', 'checkpoint_timeout', 'jit', 'max_connections')
            ORDER BY name
            """, connection);
        var list = new List<(string, string)>();
        await using var reader = await settings.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add((reader.GetString(0), reader.GetString(1)));
        }

        return new ServerFacts(text, list);
    }

    public async ValueTask DisposeAsync()
    {
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync();
        }
    }
}

/// <summary>The two ways the benchmarks build an event store over the same schema.</summary>
public static class Stores
{
    /// <summary>The event store alone, as the ledger configures it (registry, JSON, application role), without inline projections.</summary>
    public static PostgresEventStore Plain(string connectionString) =>
        new(new EventStoreOptions { ConnectionString = connectionString, SerializerOptions = LedgerJson.Options }, LedgerStoreFactory.CreateRegistry());

    /// <summary>The ledger's store: the same plus the inline sources and claims projections.</summary>
    public static PostgresEventStore Ledger(string connectionString) => LedgerStoreFactory.Create(connectionString);

    public static async Task<string> CreateMigratedAsync(BenchServer server, string prefix, CancellationToken cancellationToken)
    {
        var connectionString = await server.CreateDatabaseAsync(prefix, cancellationToken);
        await using var store = Ledger(connectionString);
        await LedgerStoreFactory.MigrateAsync(store, cancellationToken);
        return connectionString;
    }
}
