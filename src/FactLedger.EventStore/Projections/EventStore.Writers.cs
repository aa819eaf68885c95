using Npgsql;

namespace FactLedger.EventStore;

public sealed partial class PostgresEventStore
{
    /// <summary>
    /// Waits for in-flight appends to finish and holds new ones back until the caller's transaction ends. A
    /// rebuild uses it for the moment it catches its aside tables up and swaps them in, so no append is lost between.
    /// </summary>
    public static async Task PauseWritersAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection);
        command.Parameters.Add(new NpgsqlParameter<long>("key", WriterLockKey));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
