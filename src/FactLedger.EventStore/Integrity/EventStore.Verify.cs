using System.Runtime.CompilerServices;
using FactLedger.EventStore.Integrity;
using Npgsql;

namespace FactLedger.EventStore;

public sealed partial class PostgresEventStore
{
    /// <summary>
    /// Recomputes both hash chains from what is stored and reports every mismatch: an edited, deleted or inserted
    /// event anywhere is caught even if the immutability trigger was disabled by a superuser. Streams the log.
    /// </summary>
    public async Task<IntegrityReport> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var problems = new List<IntegrityProblem>();
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot for all checks, so concurrent appends cannot look like tampering.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

        var streamHeads = new Dictionary<string, (int Version, byte[] Hash)>(StringComparer.Ordinal);
        await using (var heads = new NpgsqlCommand("SELECT stream_id, version, head_hash FROM ledger.streams", connection, transaction))
        await using (var reader = await heads.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                streamHeads[reader.GetString(0)] = (reader.GetInt32(1), reader.GetFieldValue<byte[]>(2));
            }
        }

        var eventsChecked = await VerifyStreamsAsync(connection, transaction, streamHeads, problems, cancellationToken);
        var feedChecked = await VerifyFeedAsync(connection, transaction, problems, cancellationToken);
        var unsealed = await CountUnsealedAsync(connection, transaction, problems, cancellationToken);
        return new IntegrityReport(eventsChecked, feedChecked, unsealed, problems.OrderBy(p => p.Position).ToArray());
    }

    /// <summary>
    /// A stream begun by a lone first event keeps no copy of its head until its next append (migration 005): its head
    /// is its event at version 1, whose own hash and digest are checked, and once sealed the feed holds a copy.
    /// </summary>
    private static bool IsLoneFirstEventHead((int Version, byte[] Hash) head) => head.Version == 1 && head.Hash.Length == 0;

    private static async Task<long> VerifyStreamsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        Dictionary<string, (int Version, byte[] Hash)> streamHeads, List<IntegrityProblem> problems, CancellationToken cancellationToken)
    {
        long count = 0;
        string? currentStream = null;
        var expectedVersion = 0;
        var previousHash = EventHasher.Genesis;
        long lastPosition = 0;

        void CloseStream()
        {
            if (currentStream is null)
            {
                return;
            }

            if (!streamHeads.Remove(currentStream, out var head))
            {
                problems.Add(new(IntegrityProblemKind.EventInserted, lastPosition, currentStream, "events exist for a stream the streams table does not know"));
            }
            else if (head.Version != expectedVersion || !(head.Hash.AsSpan().SequenceEqual(previousHash) || IsLoneFirstEventHead(head)))
            {
                problems.Add(new(IntegrityProblemKind.EventMissing, lastPosition, currentStream,
                    $"stream head says version {head.Version}, the log ends at version {expectedVersion}"));
            }
        }

        await foreach (var row in ReadForVerificationAsync(connection, transaction, cancellationToken))
        {
            count++;
            if (row.StreamId != currentStream)
            {
                CloseStream();
                currentStream = row.StreamId;
                expectedVersion = 0;
                previousHash = EventHasher.Genesis;
            }

            if (row.StreamVersion != expectedVersion + 1)
            {
                problems.Add(new(IntegrityProblemKind.EventMissing, row.Position, row.StreamId,
                    $"version {row.StreamVersion} follows version {expectedVersion}"));
            }

            var digest = CanonicalJson.ContentDigest(row.Data, row.Metadata);
            if (!digest.AsSpan().SequenceEqual(row.ContentDigest))
            {
                problems.Add(new(IntegrityProblemKind.ContentEdited, row.Position, row.StreamId, "data or metadata differs from what was appended"));
            }

            var expectedHash = EventHasher.ChainHash(previousHash, row.Position, row.StreamId, row.StreamVersion, row.EventType, row.SchemaVersion, row.ContentDigest, row.RecordedAt);
            if (!expectedHash.AsSpan().SequenceEqual(row.Hash))
            {
                problems.Add(new(IntegrityProblemKind.StreamChainBroken, row.Position, row.StreamId, "hash does not match the event and its predecessor"));
            }

            expectedVersion = row.StreamVersion;
            previousHash = row.Hash;
            lastPosition = row.Position;
        }

        CloseStream();
        foreach (var (streamId, head) in streamHeads)
        {
            problems.Add(new(IntegrityProblemKind.EventMissing, 0, streamId, $"stream is at version {head.Version} but has no events"));
        }

        return count;
    }

    private static async Task<long> VerifyFeedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<IntegrityProblem> problems, CancellationToken cancellationToken)
    {
        var checkpoints = new Dictionary<long, byte[]>();
        await using (var command = new NpgsqlCommand("SELECT sequence, head_hash FROM ledger.seal_checkpoints", connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                checkpoints[reader.GetInt64(0)] = reader.GetFieldValue<byte[]>(1);
            }
        }

        long count = 0;
        var previous = EventHasher.Genesis;
        await using (var command = new NpgsqlCommand(
            """
            SELECT f.sequence, f.position, f.event_hash, f.feed_hash, e.hash, e.stream_id
            FROM ledger.feed f LEFT JOIN ledger.events e ON e.position = f.position
            ORDER BY f.sequence
            """, connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                count++;
                var sequence = reader.GetInt64(0);
                var position = reader.GetInt64(1);
                var sealedHash = reader.GetFieldValue<byte[]>(2);
                var feedHash = reader.GetFieldValue<byte[]>(3);
                var streamId = reader.IsDBNull(5) ? "" : reader.GetString(5);
                if (sequence != count)
                {
                    problems.Add(new(IntegrityProblemKind.FeedChainBroken, position, streamId, $"feed sequence {sequence} where {count} was expected"));
                }

                if (reader.IsDBNull(4))
                {
                    problems.Add(new(IntegrityProblemKind.SealedEventChanged, position, streamId, $"the event sealed at sequence {sequence} is gone"));
                }
                else if (!reader.GetFieldValue<byte[]>(4).AsSpan().SequenceEqual(sealedHash))
                {
                    problems.Add(new(IntegrityProblemKind.SealedEventChanged, position, streamId, $"the event differs from what was sealed at sequence {sequence}"));
                }

                var expected = EventHasher.FeedHash(previous, sequence, position, sealedHash);
                if (!expected.AsSpan().SequenceEqual(feedHash))
                {
                    problems.Add(new(IntegrityProblemKind.FeedChainBroken, position, streamId, $"feed hash at sequence {sequence} does not match"));
                }

                if (checkpoints.Remove(sequence, out var checkpointHash) && !checkpointHash.AsSpan().SequenceEqual(feedHash))
                {
                    problems.Add(new(IntegrityProblemKind.CheckpointMismatch, position, streamId, $"seal checkpoint at sequence {sequence} does not match the feed"));
                }

                previous = feedHash;
            }
        }

        foreach (var sequence in checkpoints.Keys)
        {
            problems.Add(new(IntegrityProblemKind.CheckpointMismatch, 0, "", $"seal checkpoint at sequence {sequence} has no feed entry"));
        }

        return count;
    }

    private static async Task<long> CountUnsealedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<IntegrityProblem> problems, CancellationToken cancellationToken)
    {
        long unsealed = 0;
        await using var command = new NpgsqlCommand(
            """
            WITH head AS (
              SELECT h.transaction_id, h.position FROM ledger.feed f JOIN ledger.events h ON h.position = f.position
              ORDER BY f.sequence DESC LIMIT 1)
            SELECT e.position, e.stream_id,
                   (e.transaction_id, e.position) <= ((SELECT transaction_id FROM head), (SELECT position FROM head)) AS below_horizon
            FROM ledger.events e LEFT JOIN ledger.feed f ON f.position = e.position
            WHERE f.position IS NULL
            """, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(2) && reader.GetBoolean(2))
            {
                problems.Add(new(IntegrityProblemKind.EventInserted, reader.GetInt64(0), reader.GetString(1), "event below the sealed horizon was never sealed"));
            }
            else
            {
                unsealed++;
            }
        }

        return unsealed;
    }

    private sealed record VerificationRow(long Position, string StreamId, int StreamVersion, string EventType, int SchemaVersion,
        string Data, string Metadata, DateTimeOffset RecordedAt, byte[] ContentDigest, byte[] Hash);

    private static async IAsyncEnumerable<VerificationRow> ReadForVerificationAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT position, stream_id, stream_version, event_type, schema_version, data::text, metadata::text, recorded_at, content_digest, hash
            FROM ledger.events ORDER BY stream_id, stream_version
            """, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new VerificationRow(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetInt32(4),
                reader.GetString(5), reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<byte[]>(8), reader.GetFieldValue<byte[]>(9));
        }
    }
}
