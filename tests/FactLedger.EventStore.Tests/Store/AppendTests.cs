using FactLedger.EventStore.Append;
using FactLedger.EventStore.Events;
using FactLedger.EventStore.Projections;
using FactLedger.Testing;
using Npgsql;

namespace FactLedger.EventStore.Tests.Store;

public sealed class AppendTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private PostgresEventStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStores.CreateAsync(database.ConnectionString);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static string NewStream() => "counter-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Append_to_a_new_stream_numbers_versions_from_one()
    {
        var stream = NewStream();
        var result = await _store.AppendAsync(stream, "counter", ExpectedVersion.NoStream, TestStores.Counts(1, 2, 3));

        Assert.Equal(3, result.Version);
        Assert.False(result.WasDuplicate);
        Assert.Equal(3, result.Positions.Distinct().Count());
        var read = await _store.ReadStreamAsync(stream).ToListAsync();
        Assert.Equal([1, 2, 3], read.Select(e => e.StreamVersion));
        Assert.Equal([1, 2, 3], read.Select(e => ((Counted)e.Data).Amount));
        Assert.All(read, e => Assert.Equal("test-counted", e.EventType));
        Assert.Equal("tester", read[0].Metadata.Actor);
        Assert.Equal(3, await _store.GetStreamVersionAsync(stream));
    }

    [Fact]
    public async Task Append_with_exact_expected_version_continues_the_stream()
    {
        var stream = NewStream();
        await _store.AppendAsync(stream, "counter", ExpectedVersion.NoStream, TestStores.Counts(1));
        var result = await _store.AppendAsync(stream, "counter", ExpectedVersion.Exact(1), TestStores.Counts(2, 3));
        Assert.Equal(3, result.Version);
    }

    [Fact]
    public async Task Append_with_any_version_creates_and_continues()
    {
        var stream = NewStream();
        await _store.AppendAsync(stream, "counter", ExpectedVersion.Any, TestStores.Counts(1));
        var result = await _store.AppendAsync(stream, "counter", ExpectedVersion.Any, TestStores.Counts(2));
        Assert.Equal(2, result.Version);
    }

    [Fact]
    public async Task Append_with_stale_version_is_rejected_with_the_actual_version_and_consumes_no_position()
    {
        var stream = NewStream();
        await _store.AppendAsync(stream, "counter", ExpectedVersion.NoStream, TestStores.Counts(1, 2));
        var before = await LastPositionAsync();

        var error = await Assert.ThrowsAsync<ConcurrencyException>(() =>
            _store.AppendAsync(stream, "counter", ExpectedVersion.Exact(1), TestStores.Counts(3)));

        Assert.Equal(2, error.ActualVersion);
        Assert.Equal(stream, error.StreamId);
        Assert.Equal(before, await LastPositionAsync());
        Assert.Equal(2, await _store.GetStreamVersionAsync(stream));
    }

    [Fact]
    public async Task Append_expecting_no_stream_to_an_existing_stream_is_rejected()
    {
        var stream = NewStream();
        await _store.AppendAsync(stream, "counter", ExpectedVersion.NoStream, TestStores.Counts(1));
        var error = await Assert.ThrowsAsync<ConcurrencyException>(() =>
            _store.AppendAsync(stream, "counter", ExpectedVersion.NoStream, TestStores.Counts(2)));
        Assert.Equal(1, error.ActualVersion);
    }

    [Fact]
    public async Task Append_expecting_a_version_of_a_missing_stream_is_rejected_with_version_zero()
    {
        var error = await Assert.ThrowsAsync<ConcurrencyException>(() =>
            _store.AppendAsync(NewStream(), "counter", ExpectedVersion.Exact(4), TestStores.Counts(1)));
        Assert.Equal(0, error.ActualVersion);
    }

    // A new stream's lone first event is written without the append function; longer appends go through it.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Retrying_an_append_with_the_same_event_ids_returns_the_original_result(int count)
    {
        var stream = NewStream();
        var events = TestStores.Counts([.. Enumerable.Range(1, count)]);
        var first = await _store.AppendAsync(stream, "counter", ExpectedVersion.NoStream, events);
        var retry = await _store.AppendAsync(stream, "counter", ExpectedVersion.NoStream, events);

        Assert.True(retry.WasDuplicate);
        Assert.Equal(first.Positions, retry.Positions);
        Assert.Equal(count, retry.Version);
        Assert.Equal(count, (await _store.ReadStreamAsync(stream).ToListAsync()).Count);
    }

    [Fact]
    public async Task The_append_after_a_lone_first_event_chains_from_that_events_hash()
    {
        var stream = NewStream();
        await _store.AppendAsync(stream, "counter", ExpectedVersion.NoStream, TestStores.Counts(1));
        Assert.Equal(0, await HeadLengthAsync(stream));

        await _store.AppendAsync(stream, "counter", ExpectedVersion.Exact(1), TestStores.Counts(2));

        await using (var chained = _store.AdminDataSource.CreateCommand(
            """
            SELECT second.hash = ledger.chain_hash(first.hash, second.position, second.stream_id, 2, second.event_type,
                                                   second.schema_version, second.content_digest, second.recorded_at)
                   AND s.head_hash = second.hash AND s.version = 2
            FROM ledger.events first
            JOIN ledger.events second ON second.stream_id = first.stream_id AND second.stream_version = 2
            JOIN ledger.streams s ON s.stream_id = first.stream_id
            WHERE first.stream_id = $1 AND first.stream_version = 1
            """))
        {
            chained.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = stream });
            Assert.True((bool)(await chained.ExecuteScalarAsync())!);
        }

        Assert.True((await _store.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task A_lone_first_event_stream_verifies_clean_before_its_head_is_copied()
    {
        var stream = NewStream();
        await _store.AppendAsync(stream, "counter", ExpectedVersion.NoStream, TestStores.Counts(1));

        Assert.True((await _store.VerifyAsync()).IsIntact);
    }

    private async Task<int> HeadLengthAsync(string stream)
    {
        await using var head = _store.AdminDataSource.CreateCommand("SELECT length(head_hash) FROM ledger.streams WHERE stream_id = $1");
        head.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = stream });
        return (int)(await head.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Reusing_some_event_ids_in_a_different_append_is_rejected()
    {
        var stream = NewStream();
        var events = TestStores.Counts(1);
        await _store.AppendAsync(stream, "counter", ExpectedVersion.NoStream, events);
        await Assert.ThrowsAsync<DuplicateEventException>(() =>
            _store.AppendAsync(stream, "counter", ExpectedVersion.Any, [events[0], .. TestStores.Counts(2)]));
        Assert.Equal(1, await _store.GetStreamVersionAsync(stream));
    }

    [Fact]
    public async Task Retrying_an_append_expecting_any_version_returns_the_original_result()
    {
        var stream = NewStream();
        var events = TestStores.Counts(1, 2);
        var first = await _store.AppendAsync(stream, "counter", ExpectedVersion.Any, events);
        var retry = await _store.AppendAsync(stream, "counter", ExpectedVersion.Any, events);

        Assert.True(retry.WasDuplicate);
        Assert.Equal(first.Positions, retry.Positions);
        Assert.Equal(first.RecordedAt, retry.RecordedAt);
        Assert.Equal(2, await _store.GetStreamVersionAsync(stream));
    }

    [Fact]
    public async Task Retrying_an_append_at_its_exact_version_returns_the_original_result_and_consumes_no_position()
    {
        var stream = NewStream();
        await _store.AppendAsync(stream, "counter", ExpectedVersion.NoStream, TestStores.Counts(1));
        var events = TestStores.Counts(2, 3);
        var first = await _store.AppendAsync(stream, "counter", ExpectedVersion.Exact(1), events);
        var before = await LastPositionAsync();

        var retry = await _store.AppendAsync(stream, "counter", ExpectedVersion.Exact(1), events);

        Assert.True(retry.WasDuplicate);
        Assert.Equal(first.Positions, retry.Positions);
        Assert.Equal(3, retry.Version);
        Assert.Equal(before, await LastPositionAsync());
    }

    [Fact]
    public async Task Reusing_an_event_id_of_another_stream_for_a_new_stream_is_rejected_and_creates_nothing()
    {
        var other = NewStream();
        var events = TestStores.Counts(1);
        await _store.AppendAsync(other, "counter", ExpectedVersion.NoStream, events);
        var stream = NewStream();

        await Assert.ThrowsAsync<DuplicateEventException>(() =>
            _store.AppendAsync(stream, "counter", ExpectedVersion.NoStream, [.. TestStores.Counts(2), events[0]]));

        Assert.Null(await _store.GetStreamVersionAsync(stream));
        Assert.Equal(1, await _store.GetStreamVersionAsync(other));
    }

    [Fact]
    public async Task Concurrent_retries_of_one_append_store_it_once_and_all_return_its_result()
    {
        var stream = NewStream();
        var events = TestStores.Counts(1, 2, 3);
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Task.Run(() => _store.AppendAsync(stream, "counter", ExpectedVersion.Any, events))));

        Assert.Single(results, r => !r.WasDuplicate);
        Assert.All(results, r => Assert.Equal(results[0].Positions, r.Positions));
        Assert.Equal(3, (await _store.ReadStreamAsync(stream).ToListAsync()).Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Concurrent_first_appends_to_one_new_stream_get_one_winner_and_version_conflicts(int count)
    {
        var stream = NewStream();
        var conflicts = 0;
        var attempts = Enumerable.Range(0, 6).Select(writer => Task.Run(async () =>
        {
            try
            {
                await _store.AppendAsync(stream, "counter", ExpectedVersion.NoStream, TestStores.Counts([.. Enumerable.Repeat(writer, count)]));
            }
            catch (ConcurrencyException ex)
            {
                Assert.Equal(count, ex.ActualVersion);
                Interlocked.Increment(ref conflicts);
            }
        }));
        await Task.WhenAll(attempts);

        Assert.Equal(5, conflicts);
        Assert.Equal(count, (await _store.ReadStreamAsync(stream).ToListAsync()).Count);
    }

    [Fact]
    public async Task Append_expecting_no_stream_to_an_existing_stream_consumes_no_position()
    {
        var stream = NewStream();
        await _store.AppendAsync(stream, "counter", ExpectedVersion.NoStream, TestStores.Counts(1));
        var before = await LastPositionAsync();

        await Assert.ThrowsAsync<ConcurrencyException>(() =>
            _store.AppendAsync(stream, "counter", ExpectedVersion.NoStream, TestStores.Counts(2)));

        Assert.Equal(before, await LastPositionAsync());
    }

    [Fact]
    public async Task Appending_to_several_streams_is_all_or_nothing()
    {
        var existing = NewStream();
        var fresh = NewStream();
        await _store.AppendAsync(existing, "counter", ExpectedVersion.NoStream, TestStores.Counts(1));

        await Assert.ThrowsAsync<ConcurrencyException>(() => _store.AppendAsync(
        [
            new StreamAppend(fresh, "counter", ExpectedVersion.NoStream, TestStores.Counts(1)),
            new StreamAppend(existing, "counter", ExpectedVersion.Exact(5), TestStores.Counts(2)),
        ]));

        Assert.Null(await _store.GetStreamVersionAsync(fresh));
        Assert.Equal(1, await _store.GetStreamVersionAsync(existing));
    }

    // Runs of new streams' lone first events in one call share one statement (as an article's claims arrive).
    [Fact]
    public async Task New_streams_appended_in_one_call_take_positions_in_call_order_and_verify()
    {
        var existing = NewStream();
        await _store.AppendAsync(existing, "counter", ExpectedVersion.NoStream, TestStores.Counts(1));
        StreamAppend[] call =
        [
            new(NewStream(), "counter", ExpectedVersion.NoStream, TestStores.Counts(10)),
            new(NewStream(), "counter", ExpectedVersion.NoStream, TestStores.Counts(20)),
            new(NewStream(), "counter", ExpectedVersion.NoStream, TestStores.Counts(30)),
            new(existing, "counter", ExpectedVersion.Exact(1), TestStores.Counts(2)),
            new(NewStream(), "counter", ExpectedVersion.NoStream, TestStores.Counts(40)),
            new(NewStream(), "other", ExpectedVersion.NoStream, TestStores.Counts(50)),
            new(NewStream(), "counter", ExpectedVersion.NoStream, TestStores.Counts(60, 61)),
        ];

        var results = await _store.AppendAsync(call);

        Assert.Equal(call.Select(a => a.StreamId), results.Select(r => r.StreamId));
        Assert.Equal([1, 1, 1, 2, 1, 1, 2], results.Select(r => r.Version));
        var positions = results.SelectMany(r => r.Positions).ToList();
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(positions.Count, positions.Distinct().Count());
        Assert.All(results, r => Assert.False(r.WasDuplicate));
        Assert.Single(results.Select(r => r.RecordedAt).Distinct());
        foreach (var (append, result) in call.Zip(results))
        {
            var read = await _store.ReadStreamAsync(append.StreamId).ToListAsync();
            Assert.Equal(result.Positions, read.TakeLast(append.Events.Count).Select(e => e.Position));
            Assert.Equal(append.Events.Select(e => e.EventId), read.TakeLast(append.Events.Count).Select(e => e.EventId));
            Assert.Equal(result.Version, await _store.GetStreamVersionAsync(append.StreamId));
        }

        Assert.Equal("other", await StreamTypeAsync(call[5].StreamId));
        await _store.AppendAsync(call[1].StreamId, "counter", ExpectedVersion.Exact(1), TestStores.Counts(21));
        Assert.True((await _store.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task New_streams_in_one_call_with_one_that_exists_store_nothing_and_report_the_conflict()
    {
        var existing = NewStream();
        await _store.AppendAsync(existing, "counter", ExpectedVersion.NoStream, TestStores.Counts(1, 2));
        var fresh = new[] { NewStream(), NewStream() };
        var before = await LastPositionAsync();

        var error = await Assert.ThrowsAsync<ConcurrencyException>(() => _store.AppendAsync(
        [
            new StreamAppend(fresh[0], "counter", ExpectedVersion.NoStream, TestStores.Counts(1)),
            new StreamAppend(existing, "counter", ExpectedVersion.NoStream, TestStores.Counts(3)),
            new StreamAppend(fresh[1], "counter", ExpectedVersion.NoStream, TestStores.Counts(1)),
        ]));

        Assert.Equal(existing, error.StreamId);
        Assert.Equal(2, error.ActualVersion);
        Assert.Null(await _store.GetStreamVersionAsync(fresh[0]));
        Assert.Null(await _store.GetStreamVersionAsync(fresh[1]));
        Assert.Equal(2, await _store.GetStreamVersionAsync(existing));
        // The shared statement draws no position before every stream row is in. The one position consumed is the
        // retry's: it runs the appends one by one through the function, and the first one draws before the second fails.
        Assert.Equal(before + 1, await LastPositionAsync());
    }

    [Fact]
    public async Task A_call_naming_one_new_stream_twice_is_a_conflict_and_stores_nothing()
    {
        var twice = NewStream();
        var other = NewStream();

        var error = await Assert.ThrowsAsync<ConcurrencyException>(() => _store.AppendAsync(
        [
            new StreamAppend(twice, "counter", ExpectedVersion.NoStream, TestStores.Counts(1)),
            new StreamAppend(other, "counter", ExpectedVersion.NoStream, TestStores.Counts(1)),
            new StreamAppend(twice, "counter", ExpectedVersion.NoStream, TestStores.Counts(2)),
        ]));

        Assert.Equal(twice, error.StreamId);
        Assert.Null(await _store.GetStreamVersionAsync(twice));
        Assert.Null(await _store.GetStreamVersionAsync(other));
    }

    [Fact]
    public async Task Retrying_a_call_of_new_streams_returns_the_original_results()
    {
        StreamAppend[] call = [.. Enumerable.Range(1, 4).Select(i => new StreamAppend(NewStream(), "counter", ExpectedVersion.NoStream, TestStores.Counts(i)))];
        var first = await _store.AppendAsync(call);
        var before = await LastPositionAsync();

        var retry = await _store.AppendAsync(call);

        Assert.Equal(before, await LastPositionAsync());
        Assert.All(retry, r => Assert.True(r.WasDuplicate));
        Assert.Equal(first.Select(r => r.Positions.Single()), retry.Select(r => r.Positions.Single()));
        Assert.Equal(first.Select(r => r.RecordedAt), retry.Select(r => r.RecordedAt));
        foreach (var append in call)
        {
            Assert.Single(await _store.ReadStreamAsync(append.StreamId).ToListAsync());
        }
    }

    [Fact]
    public async Task Inline_projections_see_a_shared_statements_events_in_call_order()
    {
        var recorder = new RecordingProjection();
        await using var store = await TestStores.CreateAsync(database.ConnectionString, [recorder]);
        var existing = NewStream();
        await store.AppendAsync(existing, "counter", ExpectedVersion.NoStream, TestStores.Counts(1));
        recorder.Seen.Clear();
        StreamAppend[] call =
        [
            new(NewStream(), "counter", ExpectedVersion.NoStream, TestStores.Counts(10)),
            new(NewStream(), "counter", ExpectedVersion.NoStream, TestStores.Counts(20)),
            new(existing, "counter", ExpectedVersion.Exact(1), TestStores.Counts(2, 3)),
            new(NewStream(), "counter", ExpectedVersion.NoStream, TestStores.Counts(40)),
            new(NewStream(), "counter", ExpectedVersion.NoStream, TestStores.Counts(50)),
        ];

        var results = await store.AppendAsync(call);

        Assert.Equal(results.SelectMany(r => r.Positions), recorder.Seen.Select(e => e.Position));
        Assert.Equal(call.SelectMany(a => a.Events).Select(e => e.EventId), recorder.Seen.Select(e => e.EventId));
        Assert.Equal(call.SelectMany(a => a.Events.Select(_ => a.StreamId)), recorder.Seen.Select(e => e.StreamId));
        Assert.Equal([1, 1, 2, 3, 1, 1], recorder.Seen.Select(e => e.StreamVersion));
        Assert.True((await store.VerifyAsync()).IsIntact);
    }

    private sealed class RecordingProjection : IInlineProjection
    {
        public List<RecordedEvent> Seen { get; } = [];

        public string Name => "recording";

        public Task ApplyAsync(NpgsqlConnection connection, IReadOnlyList<RecordedEvent> events, CancellationToken cancellationToken)
        {
            Seen.AddRange(events);
            return Task.CompletedTask;
        }
    }

    private async Task<string> StreamTypeAsync(string stream)
    {
        await using var command = _store.AdminDataSource.CreateCommand("SELECT stream_type FROM ledger.streams WHERE stream_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream });
        return (string)(await command.ExecuteScalarAsync(Embedded.ScratchDirectory.Timeout()))!;
    }

    [Fact]
    public async Task Concurrent_appenders_to_one_stream_get_exactly_one_winner_per_version()
    {
        var stream = NewStream();
        await _store.AppendAsync(stream, "counter", ExpectedVersion.NoStream, TestStores.Counts(0));
        var wins = 0;
        var conflicts = 0;
        for (var version = 1; version <= 10; version++)
        {
            var expected = ExpectedVersion.Exact(version);
            var attempts = Enumerable.Range(0, 6).Select(async writer =>
            {
                try
                {
                    await _store.AppendAsync(stream, "counter", expected, TestStores.Counts(writer));
                    Interlocked.Increment(ref wins);
                }
                catch (ConcurrencyException ex)
                {
                    Assert.Equal(version + 1, ex.ActualVersion);
                    Interlocked.Increment(ref conflicts);
                }
            });
            await Task.WhenAll(attempts);
        }

        Assert.Equal(10, wins);
        Assert.Equal(50, conflicts);
        var read = await _store.ReadStreamAsync(stream).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 11), read.Select(e => e.StreamVersion));
    }

    [Fact]
    public async Task Bad_stream_ids_and_empty_appends_are_rejected_before_reaching_the_database()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.AppendAsync("", "counter", ExpectedVersion.Any, TestStores.Counts(1)));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.AppendAsync("a\nb", "counter", ExpectedVersion.Any, TestStores.Counts(1)));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.AppendAsync(NewStream(), "counter", ExpectedVersion.Any, []));
    }

    [Fact]
    public async Task Reading_a_stream_id_no_append_accepts_finds_nothing_instead_of_failing()
    {
        Assert.Empty(await _store.ReadStreamAsync("nul\u0000id").ToListAsync());
        Assert.Null(await _store.GetStreamVersionAsync("nul\u0000id"));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.AppendAsync("nul\u0000id", "counter", ExpectedVersion.Any, TestStores.Counts(1)));
    }

    private async Task<long> LastPositionAsync()
    {
        await using var command = _store.AdminDataSource.CreateCommand("SELECT last_value FROM ledger.event_position");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
