using FactLedger.EventStore.Events;
using FactLedger.EventStore.Read;
using FactLedger.Testing;

namespace FactLedger.EventStore.Tests.Store;

public sealed class TimeTravelTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private PostgresEventStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStores.CreateAsync(database.ConnectionString);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task A_stream_can_be_read_and_folded_as_it_stood_at_a_version_or_a_moment()
    {
        var first = await _store.AppendAsync("counter-tt", "counter", ExpectedVersion.NoStream, TestStores.Counts(1, 2));
        await Task.Delay(50);
        await _store.AppendAsync("counter-tt", "counter", ExpectedVersion.Exact(2), TestStores.Counts(40));

        static int Sum(int total, object e) => total + ((Counted)e).Amount;
        var latest = await _store.AggregateAsync("counter-tt", 0, Sum);
        var atVersion = await _store.AggregateAsync("counter-tt", 0, Sum, new StreamReadOptions { ToVersion = 1 });
        var atMoment = await _store.AggregateAsync("counter-tt", 0, Sum, new StreamReadOptions { RecordedUntil = first.RecordedAt });

        Assert.Equal((43, 3), (latest.State, latest.Version));
        Assert.Equal((1, 1), (atVersion.State, atVersion.Version));
        Assert.Equal((3, 2), (atMoment.State, atMoment.Version));
        Assert.False((await _store.AggregateAsync("counter-missing", 0, Sum)).Exists);
    }

    [Fact]
    public async Task Older_schema_versions_are_upcast_on_read()
    {
        // Store a v1 "renamed" event the way an older build would have, then read it with the v2 record.
        await using (var command = _store.AdminDataSource.CreateCommand(
            """
            SELECT ledger.append_events('person-1', 'person', 0, ARRAY[gen_random_uuid()], ARRAY['test-renamed'], ARRAY[1],
              ARRAY['{"name":"Pavel"}'::jsonb], ARRAY['{"actor":"old-build"}'::jsonb], ARRAY['\x00'::bytea])
            """))
        {
            await command.ExecuteNonQueryAsync();
        }

        var read = await _store.ReadStreamAsync("person-1").SingleAsync();
        var renamed = Assert.IsType<Renamed>(read.Data);
        Assert.Equal("Pavel", renamed.FullName);
        Assert.Equal(1, read.SchemaVersion);
    }

    [Fact]
    public async Task Event_types_are_stored_by_their_stable_name_not_the_clr_name()
    {
        await _store.AppendAsync("counter-names", "counter", ExpectedVersion.NoStream, TestStores.Counts(1));
        await using var command = _store.DataSource.CreateCommand("SELECT event_type FROM ledger.events WHERE stream_id = 'counter-names'");
        Assert.Equal("test-counted", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Migrations_are_recorded_and_running_them_again_applies_nothing()
    {
        var again = await _store.MigrateAsync();
        Assert.Empty(again.Applied);
        Assert.True(again.AlreadyApplied >= 3);
    }

    [Fact]
    public async Task A_migration_script_may_run_longer_than_the_connections_command_timeout()
    {
        // A real migration rewriting a million-row table took minutes; a command timeout had failed it half way.
        var impatient = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { CommandTimeout = 1 }.ConnectionString;
        var slow = new FactLedger.EventStore.Schema.MigrationModule("test-slow",
            [new FactLedger.EventStore.Schema.MigrationScript("test-slow", 1, "001_slow.sql", "SELECT pg_sleep(2)")]);

        var report = await FactLedger.EventStore.Schema.SchemaMigrator.MigrateAsync(impatient, [slow]);

        Assert.Equal("001_slow.sql", Assert.Single(report.Applied).Name);
    }
}
