using System.Runtime.CompilerServices;
using System.Text;
using FactLedger.EventStore.Append;
using FactLedger.EventStore.Events;
using FactLedger.EventStore.Read;
using Npgsql;

namespace FactLedger.EventStore;

public sealed partial class PostgresEventStore
{
    private const string EventColumns =
        "e.position, f.sequence, e.stream_id, e.stream_version, e.event_id, e.event_type, e.schema_version, e.data::text, e.metadata::text, e.recorded_at, e.hash";

    /// <summary>Reads one stream forward, optionally only up to a version or a moment (time travel).</summary>
    public async IAsyncEnumerable<RecordedEvent> ReadStreamAsync(string streamId, StreamReadOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= StreamReadOptions.All;
        if (!StreamAppend.IsValidStreamId(streamId))
        {
            // No append accepts such an id, so no such stream exists; PostgreSQL would reject some of them (NUL) outright.
            yield break;
        }

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT {EventColumns}
            FROM ledger.events e LEFT JOIN ledger.feed f ON f.position = e.position
            WHERE e.stream_id = @stream_id AND e.stream_version >= @from
              AND (@to::int IS NULL OR e.stream_version <= @to)
              AND (@until::timestamptz IS NULL OR e.recorded_at <= @until)
            ORDER BY e.stream_version
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("stream_id", streamId));
        command.Parameters.Add(new NpgsqlParameter<int>("from", options.FromVersion));
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlTypes.NpgsqlDbType.Integer) { Value = (object?)options.ToVersion ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("until", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)options.RecordedUntil?.UtcDateTime ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadEvent(reader);
        }
    }

    /// <summary>The stored event with this id, or null: how a retried command finds what it already appended.</summary>
    public async Task<RecordedEvent?> ReadEventAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT {EventColumns} FROM ledger.events e LEFT JOIN ledger.feed f ON f.position = e.position WHERE e.event_id = @id", connection);
        command.Parameters.Add(new NpgsqlParameter<Guid>("id", eventId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadEvent(reader) : null;
    }

    /// <summary>The stream's current version, or null when it does not exist.</summary>
    public async Task<int?> GetStreamVersionAsync(string streamId, CancellationToken cancellationToken = default)
    {
        if (!StreamAppend.IsValidStreamId(streamId))
        {
            return null;
        }

        await using var command = DataSource.CreateCommand("SELECT version FROM ledger.streams WHERE stream_id = @stream_id");
        command.Parameters.Add(new NpgsqlParameter<string>("stream_id", streamId));
        return await command.ExecuteScalarAsync(cancellationToken) is int version ? version : null;
    }

    /// <summary>
    /// Reads the sealed global feed after <paramref name="afterSequence"/>. The feed is dense and only ever grows
    /// at its end, so a consumer that stores the last sequence it handled sees every event exactly once.
    /// </summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadFeedAsync(long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await ReadFeedAsync(connection, afterSequence, limit, cancellationToken);
    }

    public async Task<IReadOnlyList<RecordedEvent>> ReadFeedAsync(NpgsqlConnection connection, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT {EventColumns}
            FROM ledger.feed f JOIN ledger.events e ON e.position = f.position
            WHERE f.sequence > @after
            ORDER BY f.sequence
            LIMIT @limit
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<long>("after", afterSequence));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        var events = new List<RecordedEvent>(Math.Min(limit, 10_000));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(ReadEvent(reader));
        }

        return events;
    }

    /// <summary>The last sealed sequence (0 for an empty feed).</summary>
    public async Task<long> GetFeedHeadAsync(CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand("SELECT coalesce(max(sequence), 0) FROM ledger.feed");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Streams the whole log (or a filtered part of it) in batches, never holding it all in memory.</summary>
    public async IAsyncEnumerable<RecordedEvent> ReadLogAsync(LogQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var where = new StringBuilder("WHERE true");
        if (query.StreamPrefix is not null)
        {
            where.Append(" AND e.stream_id LIKE @prefix");
        }

        if (query.EventTypes is not null)
        {
            where.Append(" AND e.event_type = ANY(@types)");
        }

        if (query.RecordedUntil is not null)
        {
            where.Append(" AND e.recorded_at <= @until");
        }

        if (query.UntilSequence is not null)
        {
            where.Append(" AND f.sequence <= @until_sequence");
        }

        var order = query.OrderByStream ? "e.stream_id, e.stream_version" : "e.position";
        var columns = query.OmitDataKeys is null ? EventColumns : EventColumns.Replace("e.data::text", "(e.data - @omit_keys)::text", StringComparison.Ordinal);
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        // A server-side cursor inside a read-only transaction streams any size of log with bounded memory.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await using (var declare = new NpgsqlCommand(
            $"DECLARE log_cursor NO SCROLL CURSOR FOR SELECT {columns} FROM ledger.events e LEFT JOIN ledger.feed f ON f.position = e.position {where} ORDER BY {order}", connection, transaction))
        {
            if (query.OmitDataKeys is not null)
            {
                declare.Parameters.Add(new NpgsqlParameter<string[]>("omit_keys", query.OmitDataKeys.ToArray()));
            }

            if (query.StreamPrefix is not null)
            {
                declare.Parameters.Add(new NpgsqlParameter<string>("prefix", EscapeLike(query.StreamPrefix) + "%"));
            }

            if (query.EventTypes is not null)
            {
                declare.Parameters.Add(new NpgsqlParameter<string[]>("types", query.EventTypes.ToArray()));
            }

            if (query.RecordedUntil is not null)
            {
                declare.Parameters.Add(new NpgsqlParameter<DateTime>("until", query.RecordedUntil.Value.UtcDateTime));
            }

            if (query.UntilSequence is not null)
            {
                declare.Parameters.Add(new NpgsqlParameter<long>("until_sequence", query.UntilSequence.Value));
            }

            await declare.ExecuteNonQueryAsync(cancellationToken);
        }

        while (true)
        {
            await using var fetch = new NpgsqlCommand($"FETCH {query.BatchSize} FROM log_cursor", connection, transaction);
            await using var reader = await fetch.ExecuteReaderAsync(cancellationToken);
            var any = false;
            while (await reader.ReadAsync(cancellationToken))
            {
                any = true;
                yield return ReadEvent(reader);
            }

            if (!any)
            {
                break;
            }
        }
    }

    private RecordedEvent ReadEvent(NpgsqlDataReader reader)
    {
        var eventType = reader.GetString(5);
        var schemaVersion = reader.GetInt32(6);
        // Text columns read as the server's UTF-8 bytes, which System.Text.Json parses without a UTF-16 detour.
        var data = Registry.Deserialize(eventType, schemaVersion, reader.GetFieldValue<byte[]>(7), Json);
        var metadata = System.Text.Json.JsonSerializer.Deserialize<EventMetadata>(reader.GetFieldValue<byte[]>(8), Json)!;
        return new RecordedEvent(
            reader.GetInt64(0),
            reader.IsDBNull(1) ? null : reader.GetInt64(1),
            reader.GetString(2),
            reader.GetInt32(3),
            reader.GetGuid(4),
            eventType,
            schemaVersion,
            data,
            metadata,
            reader.GetFieldValue<DateTimeOffset>(9),
            reader.GetFieldValue<byte[]>(10));
    }

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
