using FactLedger.EventStore.Integrity;
using Npgsql;
using NpgsqlTypes;

namespace FactLedger.EventStore;

public sealed partial class PostgresEventStore
{
    private const long SealerLockKey = 0x466C_5365_616C; // "FlSeal"

    /// <summary>
    /// Seals one batch of committed events into the global feed and returns how many it sealed (0 when nothing
    /// is pending or another sealer holds the lock this instant).
    /// </summary>
    /// <remarks>
    /// Only events whose writing transaction is older than every transaction still running are taken: nothing can
    /// commit behind them any more, so the feed order is final the moment it is written. Sealers serialise on an
    /// advisory lock, so the feed's sequence is dense and commits strictly in order. This is what a plain
    /// "position > checkpoint" reader lacks: a lower position can commit after a higher one has been read
    /// (the class of bug behind Marten issues #4964, #5108 and #4952).
    /// </remarks>
    public async Task<int> SealAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(@key)", connection, transaction))
        {
            tryLock.Parameters.Add(new NpgsqlParameter<long>("key", SealerLockKey));
            if (!(bool)(await tryLock.ExecuteScalarAsync(cancellationToken))!)
            {
                return 0;
            }
        }

        long headSequence = 0;
        var headHash = EventHasher.Genesis;
        var lastTransaction = "0";
        long lastPosition = 0;
        await using (var head = new NpgsqlCommand(
            """
            SELECT f.sequence, f.feed_hash, e.transaction_id::text, f.position
            FROM ledger.feed f JOIN ledger.events e ON e.position = f.position
            ORDER BY f.sequence DESC LIMIT 1
            """, connection, transaction))
        await using (var reader = await head.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                headSequence = reader.GetInt64(0);
                headHash = reader.GetFieldValue<byte[]>(1);
                lastTransaction = reader.GetString(2);
                lastPosition = reader.GetInt64(3);
            }
        }

        var positions = new List<long>();
        var eventHashes = new List<byte[]>();
        await using (var pending = new NpgsqlCommand(
            """
            SELECT e.position, e.hash
            FROM ledger.events e
            WHERE (e.transaction_id, e.position) > (@last_transaction::xid8, @last_position)
              AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY e.transaction_id, e.position
            LIMIT @limit
            """, connection, transaction))
        {
            pending.Parameters.Add(new NpgsqlParameter<string>("last_transaction", lastTransaction));
            pending.Parameters.Add(new NpgsqlParameter<long>("last_position", lastPosition));
            pending.Parameters.Add(new NpgsqlParameter<int>("limit", Options.SealBatchSize));
            await using var reader = await pending.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                positions.Add(reader.GetInt64(0));
                eventHashes.Add(reader.GetFieldValue<byte[]>(1));
            }
        }

        if (positions.Count == 0)
        {
            return 0;
        }

        var sequences = new long[positions.Count];
        var feedHashes = new byte[positions.Count][];
        var checkpointSequences = new List<long>();
        var checkpointHashes = new List<byte[]>();
        var previous = headHash;
        for (var i = 0; i < positions.Count; i++)
        {
            sequences[i] = headSequence + i + 1;
            feedHashes[i] = previous = EventHasher.FeedHash(previous, sequences[i], positions[i], eventHashes[i]);
            if (sequences[i] % Options.SealCheckpointInterval == 0 || i == positions.Count - 1)
            {
                checkpointSequences.Add(sequences[i]);
                checkpointHashes.Add(feedHashes[i]);
            }
        }

        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO ledger.feed (sequence, position, event_hash, feed_hash)
            SELECT * FROM unnest(@sequences, @positions, @event_hashes, @feed_hashes);
            INSERT INTO ledger.seal_checkpoints (sequence, head_hash)
            SELECT * FROM unnest(@checkpoint_sequences, @checkpoint_hashes);
            SELECT pg_notify('ledger_sealed', @last::text);
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter<long[]>("sequences", sequences));
            insert.Parameters.Add(new NpgsqlParameter<long[]>("positions", positions.ToArray()));
            insert.Parameters.Add(new NpgsqlParameter("event_hashes", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = eventHashes.ToArray() });
            insert.Parameters.Add(new NpgsqlParameter("feed_hashes", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = feedHashes });
            insert.Parameters.Add(new NpgsqlParameter<long[]>("checkpoint_sequences", checkpointSequences.ToArray()));
            insert.Parameters.Add(new NpgsqlParameter("checkpoint_hashes", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = checkpointHashes.ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<long>("last", sequences[^1]));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return positions.Count;
    }

    /// <summary>Seals until nothing committed is left unsealed; returns how many it sealed.</summary>
    public async Task<long> SealAllAsync(CancellationToken cancellationToken = default)
    {
        long total = 0;
        while (true)
        {
            var sealedNow = await SealAsync(cancellationToken);
            if (sealedNow == 0)
            {
                if (await CountUnsealedAsync(cancellationToken) == 0)
                {
                    return total;
                }

                // Another sealer holds the lock, or a transaction older than ours is still open: wait briefly.
                await Task.Delay(20, cancellationToken);
                continue;
            }

            total += sealedNow;
        }
    }

    /// <summary>Committed events not yet in the feed.</summary>
    public async Task<long> CountUnsealedAsync(CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand(
            """
            WITH head AS (
              SELECT h.transaction_id, h.position FROM ledger.feed f JOIN ledger.events h ON h.position = f.position
              ORDER BY f.sequence DESC LIMIT 1)
            SELECT count(*) FROM ledger.events e
            WHERE (e.transaction_id, e.position) >
                  (coalesce((SELECT transaction_id FROM head), '0'::xid8), coalesce((SELECT position FROM head), 0))
            """);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
