using FactLedger.EventStore.Embedded;

namespace FactLedger.EventStore.Tests.Embedded;

public sealed class FactLedgerDatabaseTests
{
    [Fact]
    public async Task FACTLEDGER_CONNECTION_is_used_as_it_is_and_no_server_is_started()
    {
        await using var scratch = new ScratchDirectory();
        const string existingServer = "Host=db.example;Port=5433;Username=ledger;Database=facts";

        await using var resolved = await FactLedgerDatabase.ResolveAsync(
            scratch.Path, name => name == FactLedgerDatabase.ConnectionVariable ? existingServer : null);

        Assert.Equal(existingServer, resolved.ConnectionString);
        Assert.Null(resolved.Server);
        Assert.False(Directory.Exists(scratch.Combine(".factledger")));
    }

    [Fact]
    public async Task Without_FACTLEDGER_CONNECTION_a_persistent_cluster_under_the_working_directory_serves_the_factledger_database()
    {
        var cancellationToken = ScratchDirectory.Timeout();
        await using var scratch = new ScratchDirectory();
        string? WithoutConnection(string name) => name == FactLedgerDatabase.ConnectionVariable ? null : Environment.GetEnvironmentVariable(name);

        await using (var first = await FactLedgerDatabase.ResolveAsync(scratch.Path, WithoutConnection, cancellationToken))
        {
            Assert.NotNull(first.Server);
            Assert.Equal(scratch.Combine(".factledger", "postgres"), first.Server.DataDirectory);
            Assert.Equal("factledger", await Sql.ScalarAsync<string>(first.ConnectionString, "SELECT current_database()", cancellationToken));
            await Sql.ExecuteAsync(first.ConnectionString, "CREATE TABLE figures (users bigint); INSERT INTO figures VALUES (100000000)", cancellationToken);
        }

        Assert.False(File.Exists(scratch.Combine(".factledger", "postgres", "postmaster.pid")));
        await using var second = await FactLedgerDatabase.ResolveAsync(scratch.Path, WithoutConnection, cancellationToken);
        Assert.True(second.Server!.OwnsServer);
        Assert.Equal(100000000L, await Sql.ScalarAsync<long>(second.ConnectionString, "SELECT users FROM figures", cancellationToken));
    }
}
