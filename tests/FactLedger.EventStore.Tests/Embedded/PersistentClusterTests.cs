using System.Diagnostics;
using FactLedger.EventStore.Embedded;

namespace FactLedger.EventStore.Tests.Embedded;

public sealed class PersistentClusterTests
{
    [Fact]
    public async Task Persistent_cluster_keeps_its_data_across_stop_and_start()
    {
        var cancellationToken = ScratchDirectory.Timeout();
        await using var scratch = new ScratchDirectory();
        var options = new EmbeddedPostgresOptions { DataDirectory = scratch.Combine("work", ".factledger", "postgres") };

        await using (var first = await EmbeddedPostgres.StartAsync(options, cancellationToken))
        {
            var ledger = await first.CreateDatabaseAsync("ledger", cancellationToken);
            await Sql.ExecuteAsync(ledger, "CREATE TABLE claims (said text); INSERT INTO claims VALUES ('100 million')", cancellationToken);
            await first.StopAsync(cancellationToken);
            Assert.False(File.Exists(Path.Combine(first.DataDirectory, "postmaster.pid")));
        }

        await using var second = await EmbeddedPostgres.StartAsync(options, cancellationToken);
        Assert.True(second.OwnsServer);
        Assert.Equal("on", await Sql.ScalarAsync<string>(second.AdminConnectionString, "SHOW fsync", cancellationToken));
        Assert.Equal("100 million", await Sql.ScalarAsync<string>(second.ConnectionStringFor("ledger"), "SELECT said FROM claims", cancellationToken));
    }

    [Fact]
    public async Task Starting_a_cluster_whose_server_runs_attaches_to_it_and_leaves_it_running()
    {
        var cancellationToken = ScratchDirectory.Timeout();
        await using var scratch = new ScratchDirectory();
        var options = new EmbeddedPostgresOptions { DataDirectory = scratch.Combine("pg") };
        await using var owner = await EmbeddedPostgres.StartAsync(options, cancellationToken);

        await using (var attached = await EmbeddedPostgres.StartAsync(options, cancellationToken))
        {
            Assert.False(attached.OwnsServer);
            Assert.Equal(owner.Port, attached.Port);
        }

        Assert.Equal(1, await Sql.ScalarAsync<int>(owner.AdminConnectionString, "SELECT 1", cancellationToken));
    }

    [Fact]
    public async Task Concurrent_starts_of_a_new_cluster_initialise_and_start_it_once()
    {
        var cancellationToken = ScratchDirectory.Timeout();
        await using var scratch = new ScratchDirectory();
        var options = new EmbeddedPostgresOptions { DataDirectory = scratch.Combine("pg") };

        var servers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => EmbeddedPostgres.StartAsync(options, cancellationToken), cancellationToken)));
        try
        {
            Assert.Single(servers, server => server.OwnsServer);
            Assert.Single(servers.Select(server => server.Port).Distinct());
            Assert.Equal(1, await Sql.ScalarAsync<int>(servers[0].AdminConnectionString, "SELECT 1", cancellationToken));
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_server_killed_with_sigkill_does_not_block_the_next_start()
    {
        var cancellationToken = ScratchDirectory.Timeout();
        await using var scratch = new ScratchDirectory();
        var options = new EmbeddedPostgresOptions { DataDirectory = scratch.Combine("pg") };
        var killed = await EmbeddedPostgres.StartAsync(options, cancellationToken);
        await Sql.ExecuteAsync(killed.AdminConnectionString, "CREATE TABLE survived (id int); INSERT INTO survived VALUES (7)", cancellationToken);

        using (var postmaster = Process.GetProcessById(PostmasterProcessId(killed.DataDirectory)))
        {
            postmaster.Kill();
            await postmaster.WaitForExitAsync(cancellationToken);
        }

        Assert.True(File.Exists(Path.Combine(killed.DataDirectory, "postmaster.pid")));
        await using var restarted = await EmbeddedPostgres.StartAsync(options, cancellationToken);
        Assert.True(restarted.OwnsServer);
        Assert.Equal(7, await Sql.ScalarAsync<int>(restarted.AdminConnectionString + ";Pooling=false", "SELECT id FROM survived", cancellationToken));
    }

    [Fact]
    public async Task A_stale_pid_file_naming_an_unrelated_live_process_does_not_block_the_start()
    {
        var cancellationToken = ScratchDirectory.Timeout();
        await using var scratch = new ScratchDirectory();
        var options = new EmbeddedPostgresOptions { DataDirectory = scratch.Combine("pg") };
        await using (var server = await EmbeddedPostgres.StartAsync(options, cancellationToken))
        {
            await server.StopAsync(cancellationToken);
        }

        // postgres itself refuses to start while the process in postmaster.pid lives, unless it is its own or its parent.
        var dataDirectory = scratch.Combine("pg");
        await File.WriteAllLinesAsync(
            Path.Combine(dataDirectory, "postmaster.pid"),
            [Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), dataDirectory, "0", "5432", "", "127.0.0.1", "0 0", "ready"],
            cancellationToken);

        await using var restarted = await EmbeddedPostgres.StartAsync(options, cancellationToken);
        Assert.True(restarted.OwnsServer);
        Assert.NotEqual(Environment.ProcessId, PostmasterProcessId(restarted.DataDirectory));
        Assert.Equal(1, await Sql.ScalarAsync<int>(restarted.AdminConnectionString, "SELECT 1", cancellationToken));
    }

    [Fact]
    public async Task A_server_that_fails_to_start_is_reported_with_the_tail_of_its_log()
    {
        var cancellationToken = ScratchDirectory.Timeout();
        await using var scratch = new ScratchDirectory();
        var options = new EmbeddedPostgresOptions { DataDirectory = scratch.Combine("pg") };
        await using (var server = await EmbeddedPostgres.StartAsync(options, cancellationToken))
        {
            await server.StopAsync(cancellationToken);
            await File.AppendAllTextAsync(Path.Combine(server.DataDirectory, "postgresql.conf"), "shared_buffers = 'plenty'\n", cancellationToken);
        }

        var failure = await Assert.ThrowsAsync<EmbeddedPostgresException>(() => EmbeddedPostgres.StartAsync(options, cancellationToken));

        Assert.Contains("did not start", failure.Message, StringComparison.Ordinal);
        Assert.Contains("embedded-postgres.log", failure.Message, StringComparison.Ordinal);
        Assert.Contains("shared_buffers", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_cluster_inside_a_directory_closed_to_others_still_starts()
    {
        var cancellationToken = ScratchDirectory.Timeout();
        await using var scratch = new ScratchDirectory();
        // Like a clone under /root: when we are root, the server's unprivileged account must still reach its data.
        var closed = Directory.CreateDirectory(scratch.Combine("closed"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        await using var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = Path.Combine(closed.FullName, "pg") }, cancellationToken);

        Assert.Equal(1, await Sql.ScalarAsync<int>(server.AdminConnectionString, "SELECT 1", cancellationToken));
        Assert.False(File.GetUnixFileMode(closed.FullName).HasFlag(UnixFileMode.OtherRead));
    }

    private static int PostmasterProcessId(string dataDirectory) =>
        int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
}
