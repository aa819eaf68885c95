using FactLedger.EventStore.Embedded;

namespace FactLedger.EventStore.Tests.Embedded;

public sealed class PostgresBinariesTests
{
    [Fact]
    public void Locate_finds_the_installed_server_programs()
    {
        var binDirectory = PostgresBinaries.Locate();

        Assert.True(File.Exists(Path.Combine(binDirectory, "initdb")));
        Assert.True(File.Exists(Path.Combine(binDirectory, "pg_ctl")));
    }

    [Fact]
    public async Task A_bin_directory_without_the_programs_fails_with_every_way_to_fix_it()
    {
        await using var scratch = new ScratchDirectory();
        var empty = Directory.CreateDirectory(scratch.Combine("empty-bin")).FullName;

        var explicitDirectory = await Assert.ThrowsAsync<PostgresBinariesNotFoundException>(() =>
            EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = scratch.Combine("pg"), BinDirectory = empty }));
        var fromEnvironment = Assert.Throws<PostgresBinariesNotFoundException>(() =>
            PostgresBinaries.Locate(null, name => name == PostgresBinaries.BinDirectoryVariable ? empty : null));

        foreach (var message in new[] { explicitDirectory.Message, fromEnvironment.Message })
        {
            Assert.Contains(empty, message, StringComparison.Ordinal);
            Assert.Contains("sudo apt-get install postgresql", message, StringComparison.Ordinal);
            Assert.Contains("ops/install-prerequisites.sh", message, StringComparison.Ordinal);
            Assert.Contains("FACTLEDGER_PG_BIN", message, StringComparison.Ordinal);
            Assert.Contains("FACTLEDGER_CONNECTION", message, StringComparison.Ordinal);
            Assert.Contains("FACTLEDGER_TEST_CONNECTION", message, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(scratch.Combine("pg")));
    }

    [Fact]
    public void Without_a_setting_the_search_falls_through_path_to_the_debian_layout()
    {
        var found = PostgresBinaries.Locate(null, name => name == "PATH" ? "/nonexistent/bin" : null);

        Assert.StartsWith("/usr/lib/postgresql/", found, StringComparison.Ordinal);
    }
}
