using Npgsql;

namespace FactLedger.EventStore.Projections;

/// <summary>Each async projection's last applied feed sequence, written in the projection's own transaction.</summary>
public static class ProjectionCheckpoints
{
    /// <summary>Reads and row-locks the checkpoint for the current transaction, creating it at 0 if new.</summary>
    public static async Task<long> LockAsync(NpgsqlConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO ledger.projection_checkpoints (name) VALUES (@name) ON CONFLICT (name) DO NOTHING;
            SELECT sequence FROM ledger.projection_checkpoints WHERE name = @name FOR UPDATE;
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("name", name));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static async Task SetAsync(NpgsqlConnection connection, string name, long sequence, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE ledger.projection_checkpoints SET sequence = @sequence, updated_at = now() WHERE name = @name", connection);
        command.Parameters.Add(new NpgsqlParameter<string>("name", name));
        command.Parameters.Add(new NpgsqlParameter<long>("sequence", sequence));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<IReadOnlyDictionary<string, long>> ReadAllAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT name, sequence FROM ledger.projection_checkpoints");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = reader.GetInt64(1);
        }

        return result;
    }
}
