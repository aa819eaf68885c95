using FactLedger.EventStore.Embedded;
using Npgsql;

namespace FactLedger.EventStore.Tests.Embedded;

public sealed class ThrowawayClusterTests
{
    [Fact]
    public async Task Throwaway_cluster_answers_queries_on_loopback_and_is_deleted_on_dispose()
    {
        var cancellationToken = ScratchDirectory.Timeout();
        await using var scratch = new ScratchDirectory();
        var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = scratch.Combine("pg"), Throwaway = true }, cancellationToken);
        string adminConnectionString;
        await using (server)
        {
            adminConnectionString = server.AdminConnectionString;
            Assert.True(server.OwnsServer);
            Assert.Equal("postgres", await Sql.ScalarAsync<string>(adminConnectionString, "SELECT current_user", cancellationToken));
            Assert.Equal("off", await Sql.ScalarAsync<string>(adminConnectionString, "SHOW fsync", cancellationToken));
            Assert.Equal("off", await Sql.ScalarAsync<string>(adminConnectionString, "SHOW full_page_writes", cancellationToken));
            Assert.Equal("127.0.0.1", await Sql.ScalarAsync<string>(adminConnectionString, "SHOW listen_addresses", cancellationToken));
            Assert.Equal("200", await Sql.ScalarAsync<string>(adminConnectionString, "SHOW max_connections", cancellationToken));
            Assert.Equal("UTF8", await Sql.ScalarAsync<string>(adminConnectionString, "SHOW server_encoding", cancellationToken));
            Assert.True(int.Parse(await Sql.ScalarAsync<string>(adminConnectionString, "SHOW server_version_num", cancellationToken), System.Globalization.CultureInfo.InvariantCulture) >= 150000);
            Assert.Equal(server.Port, await Sql.ScalarAsync<int>(adminConnectionString, "SELECT inet_server_port()", cancellationToken));
        }

        Assert.False(Directory.Exists(server.DataDirectory));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => Sql.ScalarAsync<int>(adminConnectionString + ";Pooling=false;Timeout=2", "SELECT 1", cancellationToken));
    }

    [Fact]
    public async Task Durable_throwaway_cluster_keeps_the_durable_defaults_and_is_still_deleted_on_dispose()
    {
        var cancellationToken = ScratchDirectory.Timeout();
        await using var scratch = new ScratchDirectory();
        var server = await EmbeddedPostgres.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = scratch.Combine("pg"), Throwaway = true, Durable = true }, cancellationToken);
        await using (server)
        {
            Assert.Equal("on", await Sql.ScalarAsync<string>(server.AdminConnectionString, "SHOW fsync", cancellationToken));
            Assert.Equal("on", await Sql.ScalarAsync<string>(server.AdminConnectionString, "SHOW synchronous_commit", cancellationToken));
            Assert.Equal("on", await Sql.ScalarAsync<string>(server.AdminConnectionString, "SHOW full_page_writes", cancellationToken));
            Assert.Equal("127.0.0.1", await Sql.ScalarAsync<string>(server.AdminConnectionString, "SHOW listen_addresses", cancellationToken));
        }

        Assert.False(Directory.Exists(server.DataDirectory));
    }

    [Fact]
    public async Task CreateDatabaseAsync_is_idempotent_also_when_called_concurrently()
    {
        var cancellationToken = ScratchDirectory.Timeout();
        await using var scratch = new ScratchDirectory();
        await using var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = scratch.Combine("pg"), Throwaway = true }, cancellationToken);

        var first = await server.CreateDatabaseAsync("ledger", cancellationToken);
        await Sql.ExecuteAsync(first, "CREATE TABLE kept (id int)", cancellationToken);
        var again = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => server.CreateDatabaseAsync("ledger", cancellationToken)));
        var concurrentlyCreated = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => server.CreateDatabaseAsync("Other Ledger", cancellationToken)));

        Assert.All(again, connectionString => Assert.Equal(first, connectionString));
        Assert.Equal(server.ConnectionStringFor("ledger"), first);
        Assert.Equal("ledger", await Sql.ScalarAsync<string>(first, "SELECT current_database()", cancellationToken));
        Assert.Equal(1L, await Sql.ScalarAsync<long>(first, "SELECT count(*) FROM pg_tables WHERE tablename = 'kept'", cancellationToken));
        Assert.Equal("Other Ledger", await Sql.ScalarAsync<string>(concurrentlyCreated[0], "SELECT current_database()", cancellationToken));
    }
}
