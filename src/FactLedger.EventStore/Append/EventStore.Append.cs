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
    /// Inline projections run in the same transaction.
    /// </summary>
    public async Task<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default)
    {
        foreach (var append in appends)
        {
            append.Validate();
        }

        var prepared = appends.Select(Prepare).ToArray();
        IReadOnlyList<AppendResult> results;
        try
        {
            results = await AppendOnceAsync(prepared, checkDuplicates: false, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName is "events_event_id_key" or "streams_pkey")
        {
            // Some of these event ids are stored already (a retry, possibly racing its original), or a stream expected
            // not to exist does: asking again with the look-up returns the original result, or says which conflict it is.
            results = await AppendOnceAsync(prepared, checkDuplicates: true, cancellationToken);
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
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock_shared(@key)")
            {
                Parameters = { new NpgsqlParameter<long>("key", WriterLockKey) },
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

    /// <summary>Adds one command per append to the batch, runs it and reads each append's result.</summary>
    private static async Task<IReadOnlyList<AppendResult>> ExecuteAsync(NpgsqlBatch batch, PreparedAppend[] appends, bool checkDuplicates, CancellationToken cancellationToken)
    {
        var skip = batch.BatchCommands.Count;
        foreach (var append in appends)
        {
            foreach (var command in append.ToCommands(checkDuplicates))
            {
                batch.BatchCommands.Add(command);
            }
        }

        var results = new List<AppendResult>(appends.Length);
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            for (var i = 0; i < skip; i++)
            {
                await reader.NextResultAsync(cancellationToken);
            }

            foreach (var append in appends)
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

                results.Add(new AppendResult(append.StreamId, version, positions, recordedAt, duplicate));
                for (var i = 0; i < append.CommandCount(checkDuplicates); i++)
                {
                    await reader.NextResultAsync(cancellationToken);
                }
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

    private PreparedAppend Prepare(StreamAppend append)
    {
        var events = append.Events.Select(e =>
        {
            var (name, schemaVersion) = Registry.NameOf(e.Data.GetType());
            var data = JsonSerializer.Serialize(e.Data, e.Data.GetType(), Json);
            var metadata = JsonSerializer.Serialize(e.Metadata, Json);
            return new PreparedEvent(e, name, schemaVersion, data, metadata, CanonicalJson.ContentDigest(data, metadata));
        }).ToArray();
        return new PreparedAppend(append.StreamId, append.StreamType, append.Expected, events);
    }

    /// <summary>Appends take this lock shared; a projection swap takes it exclusively for a moment.</summary>
    internal const long WriterLockKey = 0x466C_5772_6974; // "FlWrit"

    private sealed record PreparedEvent(NewEvent Source, string Name, int SchemaVersion, string Data, string Metadata, byte[] ContentDigest);

    private sealed record PreparedAppend(string StreamId, string StreamType, ExpectedVersion Expected, PreparedEvent[] Events)
    {
        /// <summary>
        /// The first event of a new stream (how most streams begin) skips the append function: the same writes as two
        /// plain statements. The stream row's insert is the check, as in the function: if the stream exists it fails on
        /// streams_pkey before a position is drawn, and the store asks again through the function with the look-up.
        /// </summary>
        private bool IsLoneFirstEvent(bool checkDuplicates) => !checkDuplicates && Expected == ExpectedVersion.NoStream && Events.Length == 1;

        public int CommandCount(bool checkDuplicates) => IsLoneFirstEvent(checkDuplicates) ? 2 : 1;

        public IEnumerable<NpgsqlBatchCommand> ToCommands(bool checkDuplicates) =>
            IsLoneFirstEvent(checkDuplicates) ? FirstEventCommands() : [FunctionCommand(checkDuplicates)];

        private const string FirstEventSql =
            """
            WITH stream AS (
              INSERT INTO ledger.streams (stream_id, stream_type, version, head_hash) VALUES (@stream_id, @stream_type, 1, '\x'::bytea)
              RETURNING now() AS recorded_at),
            assigned AS (SELECT nextval('ledger.event_position') AS position, recorded_at FROM stream),
            hashed AS (
              SELECT position, recorded_at,
                     ledger.chain_hash('\x0000000000000000000000000000000000000000000000000000000000000000'::bytea,
                                       position, @stream_id, 1, @type, @schema_version, @digest, recorded_at) AS hash
              FROM assigned),
            event AS (
              INSERT INTO ledger.events (position, stream_id, stream_version, event_id, event_type, schema_version, data, metadata,
                                         recorded_at, content_digest, hash)
              SELECT position, @stream_id, 1, @event_id, @type, @schema_version, @data, @metadata, recorded_at, @digest, hash FROM hashed
              RETURNING position, recorded_at)
            SELECT position, 1, recorded_at, false FROM event
            """;

        // A statement cannot update the row it inserts, so the head is set by the next one, in the same transaction. It
        // returns a row so that it is a result of its own, read past like the first (CommandCount).
        private const string FirstEventHeadSql =
            """
            UPDATE ledger.streams s SET head_hash = e.hash FROM ledger.events e
            WHERE s.stream_id = @stream_id AND e.stream_id = @stream_id AND e.stream_version = 1
            RETURNING s.version
            """;

        private NpgsqlBatchCommand[] FirstEventCommands()
        {
            var e = Events[0];
            return
            [
                new NpgsqlBatchCommand(FirstEventSql)
                {
                    Parameters =
                    {
                        new NpgsqlParameter<string>("stream_id", StreamId),
                        new NpgsqlParameter<string>("stream_type", StreamType),
                        new NpgsqlParameter<string>("type", e.Name),
                        new NpgsqlParameter<int>("schema_version", e.SchemaVersion),
                        new NpgsqlParameter<byte[]>("digest", e.ContentDigest),
                        new NpgsqlParameter<Guid>("event_id", e.Source.EventId),
                        new NpgsqlParameter<string>("data", e.Data) { NpgsqlDbType = NpgsqlDbType.Jsonb },
                        new NpgsqlParameter<string>("metadata", e.Metadata) { NpgsqlDbType = NpgsqlDbType.Jsonb },
                    },
                },
                new NpgsqlBatchCommand(FirstEventHeadSql) { Parameters = { new NpgsqlParameter<string>("stream_id", StreamId) } },
            ];
        }

        private NpgsqlBatchCommand FunctionCommand(bool checkDuplicates) => new(
            "SELECT out_position, out_stream_version, out_recorded_at, out_was_duplicate FROM ledger.append_to_stream(@stream_id, @stream_type, @expected, @ids, @types, @schema_versions, @data, @metadata, @digests, @check_duplicates)")
        {
            Parameters =
            {
                new NpgsqlParameter<string>("stream_id", StreamId),
                new NpgsqlParameter<string>("stream_type", StreamType),
                new NpgsqlParameter<int>("expected", Expected.Value),
                new NpgsqlParameter<Guid[]>("ids", Events.Select(e => e.Source.EventId).ToArray()),
                new NpgsqlParameter<string[]>("types", Events.Select(e => e.Name).ToArray()),
                new NpgsqlParameter<int[]>("schema_versions", Events.Select(e => e.SchemaVersion).ToArray()),
                new NpgsqlParameter<string[]>("data", Events.Select(e => e.Data).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb },
                new NpgsqlParameter<string[]>("metadata", Events.Select(e => e.Metadata).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb },
                new NpgsqlParameter<byte[][]>("digests", Events.Select(e => e.ContentDigest).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea },
                new NpgsqlParameter<bool>("check_duplicates", checkDuplicates),
            },
        };

        public IEnumerable<RecordedEvent> ToRecorded(AppendResult result) =>
            Events.Select((e, i) => new RecordedEvent(
                result.Positions[i], null, StreamId, result.Version - Events.Length + i + 1, e.Source.EventId, e.Name, e.SchemaVersion,
                e.Source.Data, e.Source.Metadata, result.RecordedAt, []));
    }
}
