using System.Text.Json;
using FactLedger.EventStore.Append;
using FactLedger.EventStore.Events;
using FactLedger.EventStore.Integrity;
using Npgsql;
using NpgsqlTypes;

namespace FactLedger.EventStore;

public sealed partial class PostgresEventStore
{
    /// <summary>
    /// Appends many NEW streams through binary COPY in one transaction, for imports and benchmarks. Hashes are
    /// computed here with the same formula as the append function, so the chains and the feed guarantees hold
    /// exactly as for ordinary appends. Fails whole if any stream already exists.
    /// </summary>
    public async Task<long> BulkAppendAsync(IReadOnlyList<StreamAppend> newStreams, bool applyInlineProjections = true, CancellationToken cancellationToken = default)
    {
        var total = 0;
        foreach (var stream in newStreams)
        {
            stream.Validate();
            if (stream.Expected != ExpectedVersion.NoStream)
            {
                throw new ArgumentException($"Bulk append only creates new streams; '{stream.StreamId}' expects {stream.Expected}.", nameof(newStreams));
            }

            foreach (var e in stream.Events)
            {
                // Unknown types fail here, before a position is taken; the events are serialised only while they are copied.
                Registry.NameOf(e.Data.GetType());
            }

            total += stream.Events.Count;
        }

        if (total == 0)
        {
            return 0;
        }

        await using var connection = await _writes.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (_inlineProjections.Count > 0)
        {
            await using var writerLock = new NpgsqlCommand("SELECT pg_advisory_xact_lock_shared(@key)", connection, transaction);
            writerLock.Parameters.Add(new NpgsqlParameter<long>("key", WriterLockKey));
            await writerLock.ExecuteNonQueryAsync(cancellationToken);
        }

        var positions = new long[total];
        DateTimeOffset now;
        await using (var reserve = new NpgsqlCommand(
            "SELECT now(), array_agg(nextval('ledger.event_position') ORDER BY g) FROM generate_series(1, @count) g", connection, transaction))
        {
            reserve.Parameters.Add(new NpgsqlParameter<int>("count", total));
            await using var reader = await reserve.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            now = reader.GetFieldValue<DateTimeOffset>(0);
            positions = reader.GetFieldValue<long[]>(1);
        }

        // The server keeps microseconds; hash what it will store.
        now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero);
        var recorded = applyInlineProjections && _inlineProjections.Count > 0 ? new List<RecordedEvent>(total) : null;

        var heads = new (string StreamId, string StreamType, int Version, byte[] Head)[newStreams.Count];
        await using (var events = await connection.BeginBinaryImportAsync(
            "COPY ledger.events (position, stream_id, stream_version, event_id, event_type, schema_version, data, metadata, recorded_at, content_digest, hash) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            // Each stream is serialised and digested just before its rows are written, so the server parses and
            // indexes the rows already sent while this thread prepares the next ones, and only one stream's JSON is held.
            var next = 0;
            for (var s = 0; s < newStreams.Count; s++)
            {
                var append = Prepare(newStreams[s]);
                var previous = EventHasher.Genesis;
                for (var v = 0; v < append.Events.Length; v++)
                {
                    var e = append.Events[v];
                    var position = positions[next++];
                    var hash = EventHasher.ChainHash(previous, position, append.StreamId, v + 1, e.Name, e.SchemaVersion, e.ContentDigest, now);
                    await events.StartRowAsync(cancellationToken);
                    await events.WriteAsync(position, NpgsqlDbType.Bigint, cancellationToken);
                    await events.WriteAsync(append.StreamId, NpgsqlDbType.Text, cancellationToken);
                    await events.WriteAsync(v + 1, NpgsqlDbType.Integer, cancellationToken);
                    await events.WriteAsync(e.Source.EventId, NpgsqlDbType.Uuid, cancellationToken);
                    await events.WriteAsync(e.Name, NpgsqlDbType.Text, cancellationToken);
                    await events.WriteAsync(e.SchemaVersion, NpgsqlDbType.Integer, cancellationToken);
                    await events.WriteAsync(e.Data, NpgsqlDbType.Jsonb, cancellationToken);
                    await events.WriteAsync(e.Metadata, NpgsqlDbType.Jsonb, cancellationToken);
                    await events.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
                    await events.WriteAsync(e.ContentDigest, NpgsqlDbType.Bytea, cancellationToken);
                    await events.WriteAsync(hash, NpgsqlDbType.Bytea, cancellationToken);
                    recorded?.Add(new RecordedEvent(position, null, append.StreamId, v + 1, e.Source.EventId, e.Name, e.SchemaVersion, e.Source.Data, e.Source.Metadata, now, hash));
                    previous = hash;
                }

                heads[s] = (append.StreamId, append.StreamType, append.Events.Length, previous);
            }

            await events.CompleteAsync(cancellationToken);
        }

        // One COPY at a time per connection: the stream heads follow their events.
        await using (var streams = await connection.BeginBinaryImportAsync(
            "COPY ledger.streams (stream_id, stream_type, version, head_hash, created_at, updated_at) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var head in heads)
            {
                await streams.StartRowAsync(cancellationToken);
                await streams.WriteAsync(head.StreamId, NpgsqlDbType.Text, cancellationToken);
                await streams.WriteAsync(head.StreamType, NpgsqlDbType.Text, cancellationToken);
                await streams.WriteAsync(head.Version, NpgsqlDbType.Integer, cancellationToken);
                await streams.WriteAsync(head.Head, NpgsqlDbType.Bytea, cancellationToken);
                await streams.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
                await streams.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await streams.CompleteAsync(cancellationToken);
        }

        if (recorded is { Count: > 0 })
        {
            foreach (var projection in _inlineProjections)
            {
                await projection.ApplyAsync(connection, recorded, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        _appended.Committed();
        return total;
    }
}
