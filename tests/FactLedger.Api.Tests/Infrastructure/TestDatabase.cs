using Npgsql;

namespace FactLedger.Api.Tests.Infrastructure;

/// <summary>
/// A fresh database per fixture on the server named by <c>FACTLEDGER_TEST_CONNECTION</c> (a superuser connection string).
/// Stand-in until the shared embedded-PostgreSQL fixture (FactLedger.Testing.TestPostgres) is merged; then
/// <see cref="CreateAsync"/> and <see cref="DropAsync"/> become calls to it.
/// </summary>
public static class TestDatabase
{
    public const string ConnectionVariable = "FACTLEDGER_TEST_CONNECTION";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException($"Set {ConnectionVariable} to a superuser connection string of a PostgreSQL 15 server.");

    public static async Task<string> CreateAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        await using (var admin = new NpgsqlConnection(WithDatabase(ServerConnectionString, "postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        return WithDatabase(ServerConnectionString, name);
    }

    public static async Task DropAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var admin = new NpgsqlConnection(WithDatabase(ServerConnectionString, "postgres"));
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;
}
