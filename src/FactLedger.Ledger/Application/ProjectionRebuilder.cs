using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using FactLedger.EventStore;
using FactLedger.EventStore.Events;
using FactLedger.EventStore.Projections;
using FactLedger.EventStore.Read;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Figures;
using FactLedger.Ledger.Persistence;
using FactLedger.Ledger.Sources;
using Npgsql;

namespace FactLedger.Ledger.Application;

/// <summary>
/// Rebuilds read models from the event log aside, in <c>*_rebuild</c> tables, while readers keep the old complete
/// ones; then, with writers paused for a moment, catches the aside table up and swaps it in, in one transaction.
/// </summary>
/// <remarks>
/// Built for logs far larger than memory: the log is streamed, folded a chunk of streams at a time and written with
/// binary COPY on a second connection while the next chunk is read, so the server's reading, the fold and the server's
/// writing overlap. Memory stays bounded by a few chunks, never by the size of the log or the number of sources.
/// </remarks>
public sealed class ProjectionRebuilder(PostgresEventStore store)
{
    public static readonly IReadOnlyList<string> Names = ["sources", "claims", "figures"];

    /// <summary>
    /// Streams folded and handed to COPY at a time. No event read here carries an article's text (see
    /// <see cref="ArticleTextKey"/>), so a chunk's size follows from its number of streams.
    /// </summary>
    private const int ChunkStreams = 2_000;

    /// <summary>
    /// The member of <see cref="SourceRegistered"/> and of the <see cref="Source"/> document holding the article: most
    /// of the log's bytes. The rebuild leaves it in the database: it reads source events without it and the server
    /// copies it from the registering event into the rebuilt document, so it never travels to this process and back.
    /// </summary>
    private static readonly string ArticleTextKey = LedgerJson.Options.PropertyNamingPolicy!.ConvertName(nameof(SourceRegistered.Text));

    /// <summary>Connections recomputing figures at once.</summary>
    private static readonly int FigureWorkers = Math.Clamp(Environment.ProcessorCount, 2, 4);

    /// <summary>Claims the figures computed at once may hold between them, unless one figure alone has more.</summary>
    private const long FigureClaimsAtOnce = 10_000;

    /// <summary>Folded chunks waiting for COPY; with the chunk being folded and the one being written, three in memory.</summary>
    private const int ChunksInFlight = 2;

    /// <summary>Rebuilds one projection, or all of them (in dependency order) when <paramref name="name"/> is null.</summary>
    public async Task RebuildAsync(string? name, IProgress<RebuildProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (name is not null && !Names.Contains(name))
        {
            throw new ArgumentException($"Unknown projection '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));
        }

        foreach (var projection in Names.Where(n => name is null || n == name))
        {
            await (projection switch
            {
                "sources" => RebuildStreamTableAsync("sources", SourcesProjection.StreamPrefix, progress, cancellationToken),
                "claims" => RebuildStreamTableAsync("claims", ClaimsProjection.StreamPrefix, progress, cancellationToken),
                _ => RebuildFiguresAsync(progress, cancellationToken),
            });
        }
    }

    private async Task RebuildStreamTableAsync(string table, string prefix, IProgress<RebuildProgress>? progress, CancellationToken cancellationToken)
    {
        var total = await CountEventsAsync(prefix, cancellationToken);
        await using var admin = await store.AdminDataSource.OpenConnectionAsync(cancellationToken);
        // Every transaction the aside build might not see has an id at least this: what the catch-up looks at again.
        string unseenFrom;
        await using (var snapshot = new NpgsqlCommand("SELECT pg_snapshot_xmin(pg_current_snapshot())::text", admin))
        {
            unseenFrom = (string)(await snapshot.ExecuteScalarAsync(cancellationToken))!;
        }

        var indexes = await CreateAsideAsync(admin, table, cancellationToken);
        if (table == "sources")
        {
            // Rows without their article text land here first; a temporary table vanishes with a killed rebuild.
            await ExecuteAsync(admin,
                "DROP TABLE IF EXISTS pg_temp.sources_staging; CREATE TEMP TABLE sources_staging (LIKE ledger_read.sources); ALTER TABLE sources_staging ADD COLUMN text_position bigint NOT NULL;",
                cancellationToken);
        }

        var processed = await BuildAsideAsync(admin, table, prefix, total, progress, cancellationToken);
        if (table == "sources")
        {
            await FillArticleTextsAsync(admin, cancellationToken);
        }

        // Built once over the whole table rather than maintained row by row through the COPY; the catch-up's upserts need them.
        await BuildIndexesAsync(admin, table, indexes, cancellationToken);
        // Fresh statistics before the table goes live: the figures rebuild and every reader plan against it at once.
        await ExecuteAsync(admin, $"ANALYZE ledger_read.{table}_rebuild", cancellationToken);

        progress?.Report(new RebuildProgress(table, "swapping", processed, total));
        await using var transaction = await admin.BeginTransactionAsync(cancellationToken);
        await PostgresEventStore.PauseWritersAsync(admin, cancellationToken);
        await CatchUpAsideAsync(admin, table, prefix, cancellationToken);
        if (table == "claims")
        {
            await CatchUpSourceCorrectionsAsync(admin, unseenFrom, cancellationToken);
        }

        await SwapAsync(admin, table, indexes, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        progress?.Report(new RebuildProgress(table, "done", processed, total));
    }

    /// <summary>
    /// Reads the table's streams from the log in stream order and folds them a chunk at a time, while a second task
    /// COPYs the previous chunk's rows into the aside table on <paramref name="admin"/>. Returns the events read.
    /// </summary>
    private async Task<long> BuildAsideAsync(NpgsqlConnection admin, string table, string prefix, long total, IProgress<RebuildProgress>? progress, CancellationToken cancellationToken)
    {
        var chunks = Channel.CreateBounded<List<AsideRow>>(new BoundedChannelOptions(ChunksInFlight) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var copy = Task.Run(async () =>
        {
            try
            {
                await CopyAsync(admin, table, chunks.Reader, stop.Token);
            }
            catch
            {
                await stop.CancelAsync();
                throw;
            }
        }, CancellationToken.None);

        long processed = 0;
        try
        {
            await using var lookup = table == "claims" ? await store.AdminDataSource.OpenConnectionAsync(stop.Token) : null;
            var sources = new SourceInfoCache(lookup);
            var pending = new List<List<RecordedEvent>>();
            var stream = new List<RecordedEvent>();

            async Task FlushAsync()
            {
                var rows = await FoldAsync(table, pending, sources, stop.Token);
                pending = [];
                await chunks.Writer.WriteAsync(rows, stop.Token);
                progress?.Report(new RebuildProgress(table, "building aside", processed, total));
            }

            var query = new LogQuery
            {
                StreamPrefix = prefix,
                OrderByStream = true,
                BatchSize = 10_000,
                OmitDataKeys = table == "sources" ? [ArticleTextKey] : null,
            };
            await foreach (var e in store.ReadLogAsync(query, stop.Token))
            {
                if (stream.Count > 0 && stream[0].StreamId != e.StreamId)
                {
                    pending.Add(stream);
                    stream = [];
                    if (pending.Count >= ChunkStreams)
                    {
                        await FlushAsync();
                    }
                }

                stream.Add(e);
                processed++;
            }

            if (stream.Count > 0)
            {
                pending.Add(stream);
            }

            await FlushAsync();
            chunks.Writer.Complete();
        }
        catch (Exception failure)
        {
            chunks.Writer.TryComplete(failure);
            var copyFailure = await FailureOf(copy);
            if (failure is OperationCanceledException && copyFailure is not null && !cancellationToken.IsCancellationRequested)
            {
                // The COPY failed first and stopped the reading; its error is the one that explains it.
                ExceptionDispatchInfo.Capture(copyFailure).Throw();
            }

            throw;
        }

        await copy;
        return processed;
    }

    private static async Task<List<AsideRow>> FoldAsync(string table, List<List<RecordedEvent>> streams, SourceInfoCache sources, CancellationToken cancellationToken)
    {
        var rows = new List<AsideRow>(streams.Count);
        if (table == "sources")
        {
            foreach (var stream in streams)
            {
                if (SourceRow.Fold(null, stream) is { } source)
                {
                    // The text was left out of the read; the server fills it in from the registering event.
                    var withoutText = source with { Source = source.Source with { Text = string.Empty } };
                    rows.Add(new AsideRow(withoutText, stream.Last(e => e.Data is SourceRegistered).Position, null));
                }
            }

            return rows;
        }

        await sources.LoadAsync(streams.SelectMany(s => s).Select(e => e.Data).OfType<ClaimAsserted>().Select(a => a.SourceId), cancellationToken);
        foreach (var stream in streams)
        {
            if (ClaimRow.Fold(null, stream, sources.Get) is { } claim)
            {
                rows.Add(new AsideRow(null, 0, claim));
            }
        }

        return rows;
    }

    /// <summary>Writes through the same column mapping as the inline projections' upserts (sources to their staging table).</summary>
    private static async Task CopyAsync(NpgsqlConnection admin, string table, ChannelReader<List<AsideRow>> chunks, CancellationToken cancellationToken)
    {
        await using var importer = table == "sources"
            ? await admin.BeginBinaryImportAsync($"COPY pg_temp.sources_staging ({SourcesProjection.Table.ColumnList}, text_position) FROM STDIN (FORMAT BINARY)", cancellationToken)
            : await ClaimsProjection.Table.BeginCopyAsync(admin, "ledger_read.claims_rebuild", cancellationToken);
        await foreach (var chunk in chunks.ReadAllAsync(cancellationToken))
        {
            foreach (var row in chunk)
            {
                if (row.Source is { } source)
                {
                    await SourcesProjection.Table.WriteRowAsync(importer, source, cancellationToken);
                    await importer.WriteAsync(row.TextPosition, NpgsqlTypes.NpgsqlDbType.Bigint, cancellationToken);
                }
                else
                {
                    await ClaimsProjection.Table.WriteRowAsync(importer, row.Claim!, cancellationToken);
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>Moves the staged sources into the aside table, each document completed with its article's text.</summary>
    private static async Task FillArticleTextsAsync(NpgsqlConnection admin, CancellationToken cancellationToken)
    {
        var columns = SourcesProjection.Table.Columns.Select(c => c.Name == "doc" ? "s.doc || jsonb_build_object(@key, e.data -> @key)" : $"s.{c.Name}");
        await using var insert = new NpgsqlCommand(
            $"""
            INSERT INTO ledger_read.sources_rebuild ({SourcesProjection.Table.ColumnList})
            SELECT {string.Join(", ", columns)} FROM pg_temp.sources_staging s JOIN ledger.events e ON e.position = s.text_position
            """, admin);
        insert.CommandTimeout = 0;
        insert.Parameters.Add(new NpgsqlParameter<string>("key", ArticleTextKey));
        var inserted = await insert.ExecuteNonQueryAsync(cancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_temp.sources_staging", admin);
        var staged = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        if (inserted != staged)
        {
            throw new InvalidOperationException($"{staged} sources were folded but {inserted} registering events were found for their texts.");
        }

        await ExecuteAsync(admin, "DROP TABLE pg_temp.sources_staging", cancellationToken);
    }

    private static async Task<Exception?> FailureOf(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>Streams that grew after the aside build read the log are refolded whole; writers are paused meanwhile.</summary>
    private async Task CatchUpAsideAsync(NpgsqlConnection admin, string table, string prefix, CancellationToken cancellationToken)
    {
        var idColumn = table == "sources" ? "source_id" : "claim_id";
        var stale = new List<string>();
        await using (var command = new NpgsqlCommand(
            $"""
            SELECT s.stream_id FROM ledger.streams s
            LEFT JOIN ledger_read.{table}_rebuild r ON r.{idColumn} = substr(s.stream_id, @prefix_length + 1)
            WHERE s.stream_id LIKE @prefix || '%' AND s.version > coalesce(r.version, 0)
            """, admin))
        {
            command.Parameters.Add(new NpgsqlParameter<int>("prefix_length", prefix.Length));
            command.Parameters.Add(new NpgsqlParameter<string>("prefix", prefix));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                stale.Add(reader.GetString(0));
            }
        }

        if (stale.Count == 0)
        {
            return;
        }

        var sources = new SourceInfoCache(admin);
        foreach (var streamId in stale)
        {
            var events = await store.ReadStreamAsync(streamId, cancellationToken: cancellationToken).ToListAsync(cancellationToken);
            if (table == "sources" && SourceRow.Fold(null, events) is { } source)
            {
                await SourcesProjection.UpsertAsync(admin, "ledger_read.sources_rebuild", [source], cancellationToken);
            }
            else if (table == "claims")
            {
                await sources.LoadAsync(events.Select(e => e.Data).OfType<ClaimAsserted>().Select(a => a.SourceId), cancellationToken);
                if (ClaimRow.Fold(null, events, sources.Get) is { } claim)
                {
                    await ClaimsProjection.UpsertAsync(admin, "ledger_read.claims_rebuild", [claim], cancellationToken);
                }
            }
        }
    }

    /// <summary>
    /// A claim row shows its source; a source corrected while the claims were being folded changed only the live table,
    /// so the aside rows of that source take the (inline, current) sources table's version before the swap.
    /// </summary>
    private static async Task CatchUpSourceCorrectionsAsync(NpgsqlConnection admin, string unseenFrom, CancellationToken cancellationToken)
    {
        var sourceIds = new List<string>();
        await using (var command = new NpgsqlCommand(
            $"""
            SELECT DISTINCT data->>'sourceId' FROM ledger.events
            WHERE event_type = '{SourceMetadataCorrectedType}' AND transaction_id >= @unseen_from::xid8
            """, admin))
        {
            command.Parameters.Add(new NpgsqlParameter<string>("unseen_from", unseenFrom));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                sourceIds.Add(reader.GetString(0));
            }
        }

        await ClaimsProjection.RefreshSourceInfoAsync(admin, "ledger_read.claims_rebuild", sourceIds, cancellationToken);
    }

    private static readonly string SourceMetadataCorrectedType = LedgerStoreFactory.CreateRegistry().NameOf(typeof(SourceMetadataCorrected)).Name;

    private async Task RebuildFiguresAsync(IProgress<RebuildProgress>? progress, CancellationToken cancellationToken)
    {
        await using var admin = await store.AdminDataSource.OpenConnectionAsync(cancellationToken);
        // Committed at once, so that the workers' own connections can fill it; readers never look at it.
        var indexes = await CreateAsideAsync(admin, "figures", cancellationToken);
        // The figures' upserts need their key from the first row on.
        await BuildIndexesAsync(admin, "figures", indexes, cancellationToken);

        await using var transaction = await admin.BeginTransactionAsync(cancellationToken);
        // Holding the checkpoint row keeps the daemon off this projection until the swap commits.
        await ProjectionCheckpoints.LockAsync(admin, FiguresProjection.ProjectionName, cancellationToken);
        // Every event sealed by now is committed, so in the claims every figure below is computed from; later ones the
        // daemon applies again after the swap (recomputing a figure twice is harmless, missing a change is not).
        var head = await store.GetFeedHeadAsync(cancellationToken);

        var keys = new List<(string Platform, string Metric, long Claims)>();
        await using (var command = new NpgsqlCommand("SELECT platform, metric, count(*) FROM ledger_read.claims GROUP BY 1, 2 ORDER BY 1, 2", admin))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
            }
        }

        // One query per figure: a bitmap scan reads each figure's claims in table order, which at a million events is
        // twice as fast as one pass over the whole table in figure order through the index (random reads). Figures are
        // independent, so several connections compute them at once and the server's reading and this process's work
        // overlap. A figure holds all its claims in memory while it is computed, so the large ones go one at a time:
        // the peak stays that of the largest figure (or of a few small ones), as when they were computed in turn.
        var done = 0;
        var reporting = new Lock();
        async Task ComputeAsync(IReadOnlyList<(string Platform, string Metric, long Claims)> queue, int workers)
        {
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
            {
                await using var connection = await store.AdminDataSource.OpenConnectionAsync(cancellationToken);
                int i;
                while ((i = Interlocked.Increment(ref next)) < queue.Count)
                {
                    await FiguresProjection.RecomputeAsync(connection, "ledger_read.claims", "ledger_read.figures_rebuild", queue[i].Platform, queue[i].Metric, cancellationToken);
                    lock (reporting)
                    {
                        progress?.Report(new RebuildProgress("figures", "building aside", ++done, keys.Count));
                    }
                }
            }, cancellationToken)));
        }

        var claimsAtOnce = Math.Max(keys.Select(k => k.Claims).DefaultIfEmpty(0).Max(), FigureClaimsAtOnce);
        await ComputeAsync(keys.Where(k => k.Claims * FigureWorkers > claimsAtOnce).ToArray(), 1);
        await ComputeAsync(keys.Where(k => k.Claims * FigureWorkers <= claimsAtOnce).ToArray(), FigureWorkers);

        await ProjectionCheckpoints.SetAsync(admin, FiguresProjection.ProjectionName, head, cancellationToken);
        await SwapAsync(admin, "figures", indexes, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        progress?.Report(new RebuildProgress("figures", "done", keys.Count, keys.Count));
    }

    /// <summary>
    /// Creates <c>{table}_rebuild</c> with the live table's columns, defaults and constraints but no indexes, and returns
    /// the live table's indexes (with the constraints they back) for <see cref="BuildIndexesAsync"/> and the swap.
    /// </summary>
    private static async Task<IReadOnlyList<AsideIndex>> CreateAsideAsync(NpgsqlConnection admin, string table, CancellationToken cancellationToken)
    {
        await ExecuteAsync(admin,
            $"DROP TABLE IF EXISTS ledger_read.{table}_rebuild; CREATE TABLE ledger_read.{table}_rebuild (LIKE ledger_read.{table} INCLUDING ALL EXCLUDING INDEXES);",
            cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT i.relname, pg_get_indexdef(i.oid), pg_get_constraintdef(c.oid)
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
            LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid
            WHERE x.indrelid = to_regclass('ledger_read.' || @table)
            ORDER BY 1
            """, admin);
        command.Parameters.Add(new NpgsqlParameter<string>("table", table));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var indexes = new List<AsideIndex>();
        while (await reader.ReadAsync(cancellationToken))
        {
            indexes.Add(new AsideIndex(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return indexes;
    }

    /// <summary>Builds the live table's indexes on the aside table, under names of their own until the swap.</summary>
    private static async Task BuildIndexesAsync(NpgsqlConnection admin, string table, IReadOnlyList<AsideIndex> indexes, CancellationToken cancellationToken)
    {
        foreach (var index in indexes)
        {
            string sql;
            if (index.Constraint is { } constraint)
            {
                sql = $"ALTER TABLE ledger_read.{table}_rebuild ADD CONSTRAINT {index.AsideName} {constraint}";
            }
            else
            {
                var live = $" INDEX {index.Name} ON ledger_read.{table} ";
                sql = index.Definition.Contains(live, StringComparison.Ordinal)
                    ? index.Definition.Replace(live, $" INDEX {index.AsideName} ON ledger_read.{table}_rebuild ", StringComparison.Ordinal)
                    : throw new InvalidOperationException($"Cannot rebuild index {index.Name} of ledger_read.{table}: unexpected definition '{index.Definition}'.");
            }

            await using var command = new NpgsqlCommand(sql, admin) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Puts the aside table in the live one's place, its indexes under the live ones' names (migrations name them).</summary>
    private static Task SwapAsync(NpgsqlConnection admin, string table, IReadOnlyList<AsideIndex> indexes, CancellationToken cancellationToken) =>
        ExecuteAsync(admin,
            $"""
            ALTER TABLE ledger_read.{table} RENAME TO {table}_old;
            ALTER TABLE ledger_read.{table}_rebuild RENAME TO {table};
            DROP TABLE ledger_read.{table}_old;
            {string.Concat(indexes.Select(i => $"ALTER INDEX ledger_read.{i.AsideName} RENAME TO {i.Name};\n"))}
            GRANT SELECT, INSERT, UPDATE, DELETE ON ledger_read.{table} TO factledger_app;
            """, cancellationToken);

    private async Task<long> CountEventsAsync(string prefix, CancellationToken cancellationToken)
    {
        await using var command = store.DataSource.CreateCommand("SELECT count(*) FROM ledger.events WHERE stream_id LIKE @prefix || '%'");
        command.Parameters.Add(new NpgsqlParameter<string>("prefix", prefix));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>An index of a live read-model table; <paramref name="Constraint"/> is the constraint it backs, if any.</summary>
    private sealed record AsideIndex(string Name, string Definition, string? Constraint)
    {
        public string AsideName => $"{Name}_aside";
    }

    /// <summary>A folded stream on its way to COPY, which serialises its document (on the COPY task, beside the next fold).</summary>
    /// <param name="TextPosition">For a source: the event whose article text its document takes.</param>
    private sealed record AsideRow(SourceRow? Source, long TextPosition, ClaimRow? Claim);

    /// <summary>
    /// What claims show of their sources, looked up a chunk at a time from the (already rebuilt) sources read model,
    /// reading only the columns it needs rather than every article's text. Claim streams come in id order, and claim
    /// ids usually start with their source's, so a small cache serves nearly every lookup.
    /// </summary>
    private sealed class SourceInfoCache(NpgsqlConnection? connection)
    {
        private const int Capacity = 10_000;
        private readonly Dictionary<string, SourceInfo> _infos = new(StringComparer.Ordinal);

        public SourceInfo Get(string sourceId) => _infos.GetValueOrDefault(sourceId) ?? ClaimsProjection.UnknownSource(sourceId);

        public async Task LoadAsync(IEnumerable<string> sourceIds, CancellationToken cancellationToken)
        {
            var needed = sourceIds.Distinct(StringComparer.Ordinal).ToArray();
            var missing = needed.Where(id => !_infos.ContainsKey(id)).ToArray();
            if (missing.Length == 0 || connection is null)
            {
                return;
            }

            if (_infos.Count + missing.Length > Capacity)
            {
                _infos.Clear();
                missing = needed;
            }

            foreach (var (id, info) in await SourcesProjection.LoadInfosAsync(connection, "ledger_read.sources", missing, cancellationToken))
            {
                _infos[id] = info;
            }
        }
    }
}
