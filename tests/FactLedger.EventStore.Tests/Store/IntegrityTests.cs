using FactLedger.EventStore.Events;
using FactLedger.EventStore.Integrity;
using FactLedger.Testing;
using Npgsql;

namespace FactLedger.EventStore.Tests.Store;

public sealed class IntegrityTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private PostgresEventStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStores.CreateAsync(database.ConnectionString);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task The_application_role_cannot_update_delete_or_truncate_events()
    {
        await _store.AppendAsync("counter-role", "counter", ExpectedVersion.NoStream, TestStores.Counts(1));
        foreach (var sql in new[] { "UPDATE ledger.events SET data = '{}'", "DELETE FROM ledger.events", "TRUNCATE ledger.events" })
        {
            await using var command = _store.DataSource.CreateCommand(sql);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        }
    }

    /// <summary>
    /// Appends hash JSON that is canonical as written without rewriting it, and rewrite the rest; verify always rewrites
    /// what jsonb gives back. Both must agree, on both paths.
    /// </summary>
    [Theory]
    [InlineData("plain ascii")]
    [InlineData("it's <b> & more")]
    [InlineData("a \"quoted\" word and a back\\slash")]
    [InlineData("Indonésie, 275,5 juta 👍")]
    public async Task The_digest_taken_at_append_is_the_one_verify_recomputes_from_the_stored_jsonb(string note)
    {
        var stream = "counter-digest-" + Guid.NewGuid().ToString("N");
        await _store.AppendAsync(stream, "counter", ExpectedVersion.NoStream, [new NewEvent(new Counted(7, note), TestStores.Metadata)]);
        await _store.AppendAsync(stream, "counter", ExpectedVersion.Exact(1), TestStores.Counts(8, 9));

        await using var command = _store.AdminDataSource.CreateCommand("SELECT data::text, metadata::text, content_digest FROM ledger.events WHERE stream_id = $1 ORDER BY stream_version");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            Assert.Equal(CanonicalJson.ContentDigest(reader.GetString(0), reader.GetString(1)), reader.GetFieldValue<byte[]>(2));
            rows++;
        }

        Assert.Equal(3, rows);
        var report = await _store.VerifyAsync();
        Assert.True(report.IsIntact, string.Join("; ", report.Problems.Take(5)));
    }

    [Fact]
    public async Task Even_the_owner_cannot_update_delete_or_truncate_events_while_the_trigger_stands()
    {
        await _store.AppendAsync("counter-owner", "counter", ExpectedVersion.NoStream, TestStores.Counts(1));
        await _store.SealAllAsync();
        foreach (var sql in new[] { "UPDATE ledger.events SET data = '{}'", "DELETE FROM ledger.events", "TRUNCATE ledger.events", "DELETE FROM ledger.feed", "TRUNCATE ledger.feed" })
        {
            await using var command = _store.AdminDataSource.CreateCommand(sql);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal("FL403", error.SqlState);
        }
    }
}

/// <summary>Each tamper test gets its own database: tampering is permanent by design.</summary>
public sealed class TamperDetectionTests : IAsyncLifetime
{
    private readonly PostgresDatabaseFixture _database = new();
    private PostgresEventStore _store = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _store = await TestStores.CreateAsync(_database.ConnectionString);
        for (var i = 0; i < 5; i++)
        {
            await _store.AppendAsync($"counter-{i}", "counter", ExpectedVersion.NoStream, TestStores.Counts(1, 2, 3));
        }

        await _store.SealAllAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task An_untouched_ledger_verifies_clean()
    {
        await _store.AppendAsync("counter-unsealed", "counter", ExpectedVersion.NoStream, TestStores.Counts(9));
        var report = await _store.VerifyAsync();
        Assert.True(report.IsIntact, string.Join("; ", report.Problems.Take(5)));
        Assert.Equal(16, report.EventsChecked);
        Assert.Equal(15, report.FeedEntriesChecked);
        Assert.Equal(1, report.UnsealedEvents);
    }

    [Fact]
    public async Task An_edited_value_is_reported_at_its_position()
    {
        var target = await PositionOfAsync("counter-2", 2);
        await TamperAsync($"UPDATE ledger.events SET data = jsonb_set(data, '{{amount}}', '200') WHERE position = {target}");

        var report = await _store.VerifyAsync();
        Assert.False(report.IsIntact);
        Assert.Equal(target, report.FirstBrokenPosition);
        Assert.Contains(report.Problems, p => p.Kind == IntegrityProblemKind.ContentEdited && p.Position == target);
    }

    [Fact]
    public async Task An_edited_value_with_a_recomputed_digest_still_breaks_the_chain()
    {
        var target = await PositionOfAsync("counter-1", 1);
        await TamperAsync($"UPDATE ledger.events SET recorded_at = recorded_at - interval '1 day' WHERE position = {target}");

        var report = await _store.VerifyAsync();
        Assert.Equal(target, report.FirstBrokenPosition);
        Assert.Contains(report.Problems, p => p.Kind == IntegrityProblemKind.StreamChainBroken);
    }

    [Fact]
    public async Task A_deleted_event_is_reported_at_its_position()
    {
        var target = await PositionOfAsync("counter-3", 3);
        await TamperAsync($"DELETE FROM ledger.events WHERE position = {target}");

        var report = await _store.VerifyAsync();
        Assert.False(report.IsIntact);
        Assert.Contains(report.Problems, p => p.Kind == IntegrityProblemKind.SealedEventChanged && p.Position == target);
        Assert.Contains(report.Problems, p => p.Kind == IntegrityProblemKind.EventMissing && p.StreamId == "counter-3");
    }

    [Fact]
    public async Task An_event_inserted_below_the_sealed_horizon_is_reported()
    {
        var victim = await PositionOfAsync("counter-0", 1);
        await TamperAsync(
            $"""
            INSERT INTO ledger.events (position, stream_id, stream_version, event_id, event_type, schema_version, data, metadata, recorded_at, transaction_id, content_digest, hash)
            SELECT 999999, stream_id, 99, gen_random_uuid(), event_type, schema_version, data, metadata, recorded_at, transaction_id, content_digest, hash
            FROM ledger.events WHERE position = {victim}
            """);

        var report = await _store.VerifyAsync();
        Assert.Contains(report.Problems, p => p.Kind == IntegrityProblemKind.EventInserted && p.Position == 999999);
    }

    [Fact]
    public async Task A_sealed_lone_first_event_rewritten_with_a_recomputed_hash_is_reported()
    {
        await _store.AppendAsync("counter-lone", "counter", ExpectedVersion.NoStream, TestStores.Counts(7));
        await _store.SealAllAsync();
        var target = await PositionOfAsync("counter-lone", 1);
        await TamperAsync(
            $"""
            UPDATE ledger.events SET recorded_at = recorded_at - interval '1 day',
              hash = ledger.chain_hash('\x0000000000000000000000000000000000000000000000000000000000000000'::bytea, position, stream_id,
                                       1, event_type, schema_version, content_digest, recorded_at - interval '1 day')
            WHERE position = {target}
            """);

        var report = await _store.VerifyAsync();
        Assert.Equal(target, report.FirstBrokenPosition);
        Assert.Contains(report.Problems, p => p.Kind == IntegrityProblemKind.SealedEventChanged && p.Position == target);
    }

    [Fact]
    public async Task An_emptied_stream_head_is_reported_unless_the_stream_holds_only_its_first_event()
    {
        await using (var blank = _store.AdminDataSource.CreateCommand("UPDATE ledger.streams SET head_hash = '\\x'::bytea WHERE stream_id = 'counter-4'"))
        {
            await blank.ExecuteNonQueryAsync();
        }

        var report = await _store.VerifyAsync();
        Assert.Contains(report.Problems, p => p.Kind == IntegrityProblemKind.EventMissing && p.StreamId == "counter-4");
    }

    private async Task<long> PositionOfAsync(string stream, int version)
    {
        var events = await _store.ReadStreamAsync(stream).ToListAsync();
        return events.Single(e => e.StreamVersion == version).Position;
    }

    private async Task TamperAsync(string sql)
    {
        // What a superuser could do: switch the guard off, rewrite history, switch it back on.
        await using var command = _store.AdminDataSource.CreateCommand(
            $"ALTER TABLE ledger.events DISABLE TRIGGER USER; {sql}; ALTER TABLE ledger.events ENABLE TRIGGER USER;");
        await command.ExecuteNonQueryAsync();
    }
}
