using Npgsql;

namespace FactLedger.EventStore.Embedded;

/// <summary>Creates and drops databases through a superuser connection, for embedded and existing servers alike.</summary>
public static class PostgresDatabases
{
    /// <summary>
    /// Creates <paramref name="database"/> on the server of <paramref name="adminConnectionString"/> unless it exists
    /// (also when another process creates it at the same moment) and returns a connection string for it.
    /// </summary>
    public static async Task<string> CreateIfMissingAsync(string adminConnectionString, string database, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        await using var connection = await OpenAdminAsync(adminConnectionString, cancellationToken);
        if (!await ExistsAsync(connection, database, cancellationToken))
        {
            try
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(database)}", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
            {
                // Created concurrently by someone else: the outcome we wanted.
            }
        }

        return WithDatabase(adminConnectionString, database);
    }

    /// <summary>Drops <paramref name="database"/> if it exists, ending any sessions still connected to it.</summary>
    public static async Task DropIfExistsAsync(string adminConnectionString, string database, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        NpgsqlConnection.ClearPool(new NpgsqlConnection(WithDatabase(adminConnectionString, database)));
        await using var connection = await OpenAdminAsync(adminConnectionString, cancellationToken);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {QuoteIdentifier(database)} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The same connection string pointed at another database.</summary>
    public static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;

    private static async Task<NpgsqlConnection> OpenAdminAsync(string adminConnectionString, CancellationToken cancellationToken)
    {
        // Unpooled: an idle pooled admin session would linger on the server after we are done.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string database, CancellationToken cancellationToken)
    {
        await using var query = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", connection)
        {
            Parameters = { new NpgsqlParameter<string> { TypedValue = database } },
        };
        return (bool)(await query.ExecuteScalarAsync(cancellationToken))!;
    }

    private static string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
