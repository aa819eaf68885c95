using FactLedger.Testing;

namespace FactLedger.EventStore.Tests.Embedded;

public sealed class TestPostgresFixtureTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task The_fixture_gives_the_class_its_own_empty_database()
    {
        var cancellationToken = ScratchDirectory.Timeout();

        var name = await Sql.ScalarAsync<string>(database.ConnectionString, "SELECT current_database()", cancellationToken);
        var userTables = await Sql.ScalarAsync<long>(database.ConnectionString, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", cancellationToken);

        Assert.StartsWith("test_", name, StringComparison.Ordinal);
        Assert.Equal(0L, userTables);
    }

    [Fact]
    public async Task Each_created_database_is_new()
    {
        var cancellationToken = ScratchDirectory.Timeout();

        var first = await TestPostgres.CreateDatabaseAsync("Fixture Test", cancellationToken);
        var second = await TestPostgres.CreateDatabaseAsync("Fixture Test", cancellationToken);
        try
        {
            Assert.NotEqual(first, second);
            Assert.StartsWith("fixture_test_", await Sql.ScalarAsync<string>(first, "SELECT current_database()", cancellationToken), StringComparison.Ordinal);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(first, cancellationToken);
            await TestPostgres.DropDatabaseAsync(second, cancellationToken);
        }
    }
}
