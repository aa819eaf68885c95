using System.Text.Json;
using FactLedger.EventStore.Append;
using FactLedger.EventStore.Events;
using FactLedger.EventStore.Integrity;
using Npgsql;
using NpgsqlTypes;

namespace FactLedger.EventStore;

public sealed partial class PostgresEventStore
{
    /// <summary>Appends events to one stream in one round trip, checking the expected version first.</summary>
    /// <exception cref="ConcurrencyException">The stream was not at the expected version; nothing was written.</exception>
    public async Task<AppendResult> AppendAsync(string streamId, string streamType, ExpectedVersion expected, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken = default) =>
        (await AppendAsync([new StreamAppend(streamId, streamType, expected, events)], cancellationToken))[0];

    /// <summary>
    /// Appends to several streams in one transaction and one round trip: all of it lands or none of it does.
    /// Inline projections run in the same transaction. An append the server rolls back to break a deadlock is run
    /// again, up to <see cref="MaxDeadlockAttempts"/> times in all.
    /// </summary>
    public async Task<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default)
    {
        foreach (var append in appends)
        {
            append.Validate();
        }

        var prepared = appends.Select(Prepare).ToArray();
        IReadOnlyList<AppendResult> results;
        var checkDuplicates = false;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                results = await AppendOnceAsync(prepared, checkDuplicates, cancellationToken);
                break;
            }
            catch (PostgresException ex) when (!checkDuplicates && ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName is "events_event_id_key" or "streams_pkey")
            {
                // Some of these event ids are stored already (a retry, possibly racing its original), or a stream expected
                // not to exist does: asking again with the look-up returns the original result, or says which conflict it is.
                checkDuplicates = true;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < MaxDeadlockAttempts)
            {
                // Two appends took the same rows in opposite orders (several streams, or inline projections' rows) and
                // the server rolled this one back: nothing of it is stored, so it runs again, after the other commits.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25) * attempt), cancellationToken);
            }
        }

        if (results.Any(r => !r.WasDuplicate))
        {
            _appended.Committed();
        }

        return results;
    }

    private async Task<IReadOnlyList<AppendResult>> AppendOnceAsync(PreparedAppend[] appends, bool checkDuplicates, CancellationToken cancellationToken)
    {
        await using var connection = await _writes.OpenConnectionAsync(cancellationToken);
        if (_inlineProjections.Count == 0)
        {
            // One batch without an explicit transaction runs as one implicit transaction, committed by the server when
            // the batch ends: no BEGIN, no COMMIT round trip.
            await using var batch = new NpgsqlBatch(connection);
            return await ExecuteAsync(batch, appends, checkDuplicates, cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        IReadOnlyList<AppendResult> results;
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock_shared($1)")
            {
                Parameters = { new NpgsqlParameter<long> { TypedValue = WriterLockKey } },
            });
            results = await ExecuteAsync(batch, appends, checkDuplicates, cancellationToken);
        }

        var recorded = new List<RecordedEvent>();
        for (var i = 0; i < appends.Length; i++)
        {
            if (!results[i].WasDuplicate)
            {
                recorded.AddRange(appends[i].ToRecorded(results[i]));
            }
        }

        if (recorded.Count > 0)
        {
            foreach (var projection in _inlineProjections)
            {
                await projection.ApplyAsync(connection, recorded, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return results;
    }

    /// <summary>
    /// Adds the appends' commands to the batch, runs it and reads each append's result. Consecutive lone first events
    /// (new streams with one event each, as an article's claims arrive) share one statement; every other append has one
    /// of its own, in the order of the call.
    /// </summary>
    private static async Task<IReadOnlyList<AppendResult>> ExecuteAsync(NpgsqlBatch batch, PreparedAppend[] appends, bool checkDuplicates, CancellationToken cancellationToken)
    {
        var skip = batch.BatchCommands.Count;
        var groups = GroupLoneFirstEvents(appends, checkDuplicates);
        foreach (var group in groups)
        {
            batch.BatchCommands.Add(group.Length == 1 ? group[0].ToCommand(checkDuplicates) : PreparedAppend.FirstEventsCommand(group));
        }

        var results = new List<AppendResult>(appends.Length);
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            for (var i = 0; i < skip; i++)
            {
                await reader.NextResultAsync(cancellationToken);
            }

            foreach (var group in groups)
            {
                results.AddRange(group.Length == 1
                    ? [await ReadResultAsync(reader, group[0], cancellationToken)]
                    : await ReadFirstEventResultsAsync(reader, group, cancellationToken));
                await reader.NextResultAsync(cancellationToken);
            }
        }
        catch (PostgresException ex) when (ex.SqlState == "FL409")
        {
            var failed = appends.First(a => ex.MessageText.Contains($"stream {a.StreamId} ", StringComparison.Ordinal));
            // The actual version travels in the message: error details are redacted by default.
            var actual = ex.MessageText[(ex.MessageText.LastIndexOf("actual version ", StringComparison.Ordinal) + "actual version ".Length)..];
            throw new ConcurrencyException(failed.StreamId, failed.Expected, int.Parse(actual, System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (PostgresException ex) when (ex.SqlState == "FL422")
        {
            throw new DuplicateEventException(ex.MessageText);
        }

        return results;
    }

    /// <summary>
    /// The appends in call order, runs of two or more lone first events gathered into one group each. A lone first event
    /// on its own keeps the single statement: through the arrays (unnest, ordering, the count) it took 20–35 µs more
    /// server time and a fifth of the single-append rate (measured with <c>pg_stat_statements</c>).
    /// </summary>
    private static List<PreparedAppend[]> GroupLoneFirstEvents(PreparedAppend[] appends, bool checkDuplicates)
    {
        if (appends.Length == 1)
        {
            return [appends];
        }

        var groups = new List<PreparedAppend[]>();
        var run = new List<PreparedAppend>();
        void EndRun()
        {
            if (run.Count > 1)
            {
                groups.Add([.. run]);
            }
            else
            {
                groups.AddRange(run.Select(a => new[] { a }));
            }

            run.Clear();
        }

        foreach (var append in appends)
        {
            if (append.IsLoneFirstEvent(checkDuplicates))
            {
                run.Add(append);
                continue;
            }

            EndRun();
            groups.Add([append]);
        }

        EndRun();
        return groups;
    }

    private static async Task<AppendResult> ReadResultAsync(NpgsqlDataReader reader, PreparedAppend append, CancellationToken cancellationToken)
    {
        var positions = new List<long>(append.Events.Length);
        var version = 0;
        var recordedAt = DateTimeOffset.MinValue;
        var duplicate = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            positions.Add(reader.GetInt64(0));
            version = Math.Max(version, reader.GetInt32(1));
            recordedAt = reader.GetFieldValue<DateTimeOffset>(2);
            duplicate = reader.GetBoolean(3);
        }

        return new AppendResult(append.StreamId, version, positions, recordedAt, duplicate);
    }

    /// <summary>A shared statement's rows carry their stream, since a RETURNING clause promises no order.</summary>
    private static async Task<AppendResult[]> ReadFirstEventResultsAsync(NpgsqlDataReader reader, PreparedAppend[] group, CancellationToken cancellationToken)
    {
        var byStream = new Dictionary<string, (long Position, DateTimeOffset RecordedAt)>(group.Length, StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            byStream.Add(reader.GetString(0), (reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        if (byStream.Count != group.Length)
        {
            throw new InvalidOperationException(
                $"The statement for {group.Length} new streams returned {byStream.Count} events: the append cannot say where they are.");
        }

        return [.. group.Select(a =>
        {
            var (position, recordedAt) = byStream[a.StreamId];
            return new AppendResult(a.StreamId, 1, [position], recordedAt, WasDuplicate: false);
        })];
    }

    private PreparedAppend Prepare(StreamAppend append)
    {
        var events = append.Events.Select(e =>
        {
            var (name, schemaVersion) = Registry.NameOf(e.Data.GetType());
            var data = JsonSerializer.Serialize(e.Data, e.Data.GetType(), AppendJson);
            var metadata = JsonSerializer.Serialize(e.Metadata, AppendJson);
            return new PreparedEvent(e, name, schemaVersion, data, metadata, CanonicalJson.ContentDigest(data, metadata));
        }).ToArray();
        return new PreparedAppend(append.StreamId, append.StreamType, append.Expected, events);
    }

    /// <summary>How often an append the server chose as a deadlock's victim is tried in all.</summary>
    private const int MaxDeadlockAttempts = 4;

    /// <summary>Appends take this lock shared; a projection swap takes it exclusively for a moment.</summary>
    internal const long WriterLockKey = 0x466C_5772_6974; // "FlWrit"

    private sealed record PreparedEvent(NewEvent Source, string Name, int SchemaVersion, string Data, string Metadata, byte[] ContentDigest);

    private sealed record PreparedAppend(string StreamId, string StreamType, ExpectedVersion Expected, PreparedEvent[] Events)
    {
        /// <summary>
        /// The first event of a new stream (how most streams begin) skips the append function: the same writes as one
        /// plain statement. The stream row's insert is the check, as in the function: if the stream exists it fails on
        /// streams_pkey before a position is drawn, and the store asks again through the function with the look-up.
        /// </summary>
        public bool IsLoneFirstEvent(bool checkDuplicates) => !checkDuplicates && Expected == ExpectedVersion.NoStream && Events.Length == 1;

        public NpgsqlBatchCommand ToCommand(bool checkDuplicates) =>
            IsLoneFirstEvent(checkDuplicates) ? FirstEventCommand() : FunctionCommand(checkDuplicates);

        // The stream row keeps an empty head: the statement cannot update the row it inserted, and the head is the
        // event at version 1 (migration 005). Parameters are positional, so Npgsql sends the text as it is.
        private const string FirstEventSql =
            """
            WITH stream AS (
              INSERT INTO ledger.streams (stream_id, stream_type, version, head_hash) VALUES ($1, $2, 1, '\x'::bytea)
              RETURNING now() AS recorded_at),
            assigned AS (SELECT nextval('ledger.event_position') AS position, recorded_at FROM stream)
            INSERT INTO ledger.events (position, stream_id, stream_version, event_id, event_type, schema_version, data, metadata,
                                       recorded_at, content_digest, hash)
            SELECT position, $1, 1, $3, $4, $5, $6, $7, recorded_at, $8,
                   ledger.chain_hash('\x0000000000000000000000000000000000000000000000000000000000000000'::bytea,
                                     position, $1, 1, $4, $5, $8, recorded_at)
            FROM assigned
            RETURNING position, stream_version, recorded_at, false
            """;

        private NpgsqlBatchCommand FirstEventCommand()
        {
            var e = Events[0];
            return new NpgsqlBatchCommand(FirstEventSql)
            {
                Parameters =
                {
                    new NpgsqlParameter<string> { TypedValue = StreamId },
                    new NpgsqlParameter<string> { TypedValue = StreamType },
                    new NpgsqlParameter<Guid> { TypedValue = e.Source.EventId },
                    new NpgsqlParameter<string> { TypedValue = e.Name },
                    new NpgsqlParameter<int> { TypedValue = e.SchemaVersion },
                    new NpgsqlParameter<string> { TypedValue = e.Data, NpgsqlDbType = NpgsqlDbType.Jsonb },
                    new NpgsqlParameter<string> { TypedValue = e.Metadata, NpgsqlDbType = NpgsqlDbType.Jsonb },
                    new NpgsqlParameter<byte[]> { TypedValue = e.ContentDigest },
                },
            };
        }

        // Several new streams' first events: every stream row is inserted before the first position is drawn (the
        // one-time filter on the count), so a stream that exists already fails the statement on streams_pkey having
        // consumed no position, as the single statement above does. The filter only orders: the insert either writes
        // every row or fails, so it never filters. Positions follow the call's order.
        private const string FirstEventsSql =
            """
            WITH input AS (
              SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::integer[], $6::jsonb[], $7::jsonb[], $8::bytea[])
                WITH ORDINALITY AS i (stream_id, stream_type, event_id, event_type, schema_version, data, metadata, content_digest, ord)),
            stream AS (
              INSERT INTO ledger.streams (stream_id, stream_type, version, head_hash)
              SELECT stream_id, stream_type, 1, '\x'::bytea FROM input
              RETURNING stream_id),
            assigned AS (
              SELECT ordered.*, nextval('ledger.event_position') AS position, now() AS recorded_at
              FROM (SELECT * FROM input ORDER BY ord) ordered
              WHERE (SELECT count(*) FROM stream) = cardinality($1::text[]))
            INSERT INTO ledger.events (position, stream_id, stream_version, event_id, event_type, schema_version, data, metadata,
                                       recorded_at, content_digest, hash)
            SELECT position, stream_id, 1, event_id, event_type, schema_version, data, metadata, recorded_at, content_digest,
                   ledger.chain_hash('\x0000000000000000000000000000000000000000000000000000000000000000'::bytea,
                                     position, stream_id, 1, event_type, schema_version, content_digest, recorded_at)
            FROM assigned
            RETURNING stream_id, position, recorded_at
            """;

        public static NpgsqlBatchCommand FirstEventsCommand(PreparedAppend[] appends) => new(FirstEventsSql)
        {
            Parameters =
            {
                new NpgsqlParameter<string[]> { TypedValue = [.. appends.Select(a => a.StreamId)] },
                new NpgsqlParameter<string[]> { TypedValue = [.. appends.Select(a => a.StreamType)] },
                new NpgsqlParameter<Guid[]> { TypedValue = [.. appends.Select(a => a.Events[0].Source.EventId)] },
                new NpgsqlParameter<string[]> { TypedValue = [.. appends.Select(a => a.Events[0].Name)] },
                new NpgsqlParameter<int[]> { TypedValue = [.. appends.Select(a => a.Events[0].SchemaVersion)] },
                new NpgsqlParameter<string[]> { TypedValue = [.. appends.Select(a => a.Events[0].Data)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb },
                new NpgsqlParameter<string[]> { TypedValue = [.. appends.Select(a => a.Events[0].Metadata)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb },
                new NpgsqlParameter<byte[][]> { TypedValue = [.. appends.Select(a => a.Events[0].ContentDigest)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea },
            },
        };

        private NpgsqlBatchCommand FunctionCommand(bool checkDuplicates) => new(
            "SELECT out_position, out_stream_version, out_recorded_at, out_was_duplicate FROM ledger.append_to_stream($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = StreamId },
                new NpgsqlParameter<string> { TypedValue = StreamType },
                new NpgsqlParameter<int> { TypedValue = Expected.Value },
                new NpgsqlParameter<Guid[]> { TypedValue = [.. Events.Select(e => e.Source.EventId)] },
                new NpgsqlParameter<string[]> { TypedValue = [.. Events.Select(e => e.Name)] },
                new NpgsqlParameter<int[]> { TypedValue = [.. Events.Select(e => e.SchemaVersion)] },
                new NpgsqlParameter<string[]> { TypedValue = [.. Events.Select(e => e.Data)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb },
                new NpgsqlParameter<string[]> { TypedValue = [.. Events.Select(e => e.Metadata)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb },
                new NpgsqlParameter<byte[][]> { TypedValue = [.. Events.Select(e => e.ContentDigest)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea },
                new NpgsqlParameter<bool> { TypedValue = checkDuplicates },
            },
        };

        public IEnumerable<RecordedEvent> ToRecorded(AppendResult result) =>
            Events.Select((e, i) => new RecordedEvent(
                result.Positions[i], null, StreamId, result.Version - Events.Length + i + 1, e.Source.EventId, e.Name, e.SchemaVersion,
                e.Source.Data, e.Source.Metadata, result.RecordedAt, []));
    }
}
