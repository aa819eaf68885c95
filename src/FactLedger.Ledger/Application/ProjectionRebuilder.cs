using FactLedger.EventStore;
using FactLedger.EventStore.Events;
using FactLedger.EventStore.Projections;
using FactLedger.EventStore.Read;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Figures;
using FactLedger.Ledger.Persistence;
using FactLedger.Ledger.Sources;
using Npgsql;

namespace FactLedger.Ledger.Application;

/// <summary>
/// Rebuilds read models from the event log aside, in <c>*_rebuild</c> tables, while readers keep the old complete
/// ones; then, with writers paused for a moment, catches the aside table up and swaps it in, in one transaction.
/// </summary>
public sealed class ProjectionRebuilder(PostgresEventStore store)
{
    public static readonly IReadOnlyList<string> Names = ["sources", "claims", "figures"];

    private const int ChunkSize = 2_000;

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
        await ExecuteAsync(admin, $"DROP TABLE IF EXISTS ledger_read.{table}_rebuild; CREATE TABLE ledger_read.{table}_rebuild (LIKE ledger_read.{table} INCLUDING ALL);", cancellationToken);

        var sourceInfos = table == "claims" ? await AllSourceInfosAsync(admin, cancellationToken) : [];
        long processed = 0;
        var streamEvents = new List<RecordedEvent>();
        var sourceRows = new List<SourceRow>();
        var claimRows = new List<ClaimRow>();

        async Task FlushAsync(bool force)
        {
            if (sourceRows.Count >= ChunkSize || (force && sourceRows.Count > 0))
            {
                await SourcesProjection.UpsertAsync(admin, $"ledger_read.{table}_rebuild", sourceRows, cancellationToken);
                sourceRows.Clear();
            }

            if (claimRows.Count >= ChunkSize || (force && claimRows.Count > 0))
            {
                await ClaimsProjection.UpsertAsync(admin, $"ledger_read.{table}_rebuild", claimRows, cancellationToken);
                claimRows.Clear();
            }

            progress?.Report(new RebuildProgress(table, "building aside", processed, total));
        }

        void FoldStream()
        {
            if (streamEvents.Count == 0)
            {
                return;
            }

            if (table == "sources" && SourceRow.Fold(null, streamEvents) is { } source)
            {
                sourceRows.Add(source);
            }
            else if (table == "claims" && ClaimRow.Fold(null, streamEvents, id => sourceInfos.GetValueOrDefault(id) ?? ClaimsProjection.UnknownSource(id)) is { } claim)
            {
                claimRows.Add(claim);
            }

            streamEvents.Clear();
        }

        await foreach (var e in store.ReadLogAsync(new LogQuery { StreamPrefix = prefix, OrderByStream = true, BatchSize = 10_000 }, cancellationToken))
        {
            if (streamEvents.Count > 0 && streamEvents[0].StreamId != e.StreamId)
            {
                FoldStream();
                await FlushAsync(force: false);
            }

            streamEvents.Add(e);
            processed++;
        }

        FoldStream();
        await FlushAsync(force: true);

        progress?.Report(new RebuildProgress(table, "swapping", processed, total));
        await using var transaction = await admin.BeginTransactionAsync(cancellationToken);
        await PostgresEventStore.PauseWritersAsync(admin, cancellationToken);
        await CatchUpAsideAsync(admin, table, prefix, cancellationToken);
        await SwapAsync(admin, table, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        progress?.Report(new RebuildProgress(table, "done", processed, total));
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

        var sourceInfos = table == "claims" ? await AllSourceInfosAsync(admin, cancellationToken) : [];
        foreach (var streamId in stale)
        {
            var events = await store.ReadStreamAsync(streamId, cancellationToken: cancellationToken).ToListAsync(cancellationToken);
            if (table == "sources" && SourceRow.Fold(null, events) is { } source)
            {
                await SourcesProjection.UpsertAsync(admin, "ledger_read.sources_rebuild", [source], cancellationToken);
            }
            else if (table == "claims" && ClaimRow.Fold(null, events, id => sourceInfos.GetValueOrDefault(id) ?? ClaimsProjection.UnknownSource(id)) is { } claim)
            {
                await ClaimsProjection.UpsertAsync(admin, "ledger_read.claims_rebuild", [claim], cancellationToken);
            }
        }
    }

    private async Task RebuildFiguresAsync(IProgress<RebuildProgress>? progress, CancellationToken cancellationToken)
    {
        await using var admin = await store.AdminDataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await admin.BeginTransactionAsync(cancellationToken);
        // Holding the checkpoint row keeps the daemon off this projection until the swap commits.
        await ProjectionCheckpoints.LockAsync(admin, FiguresProjection.ProjectionName, cancellationToken);
        await ExecuteAsync(admin, "DROP TABLE IF EXISTS ledger_read.figures_rebuild; CREATE TABLE ledger_read.figures_rebuild (LIKE ledger_read.figures INCLUDING ALL);", cancellationToken);

        var keys = new List<(string Platform, string Metric)>();
        await using (var command = new NpgsqlCommand("SELECT DISTINCT platform, metric FROM ledger_read.claims ORDER BY 1, 2", admin))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        for (var i = 0; i < keys.Count; i++)
        {
            await FiguresProjection.RecomputeAsync(admin, "ledger_read.claims", "ledger_read.figures_rebuild", keys[i].Platform, keys[i].Metric, cancellationToken);
            progress?.Report(new RebuildProgress("figures", "building aside", i + 1, keys.Count));
        }

        // The claims read model already holds every committed event, so the rebuilt figures stand at the feed head.
        await ProjectionCheckpoints.SetAsync(admin, FiguresProjection.ProjectionName, await store.GetFeedHeadAsync(cancellationToken), cancellationToken);
        await SwapAsync(admin, "figures", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        progress?.Report(new RebuildProgress("figures", "done", keys.Count, keys.Count));
    }

    private static Task SwapAsync(NpgsqlConnection admin, string table, CancellationToken cancellationToken) =>
        ExecuteAsync(admin,
            $"""
            ALTER TABLE ledger_read.{table} RENAME TO {table}_old;
            ALTER TABLE ledger_read.{table}_rebuild RENAME TO {table};
            DROP TABLE ledger_read.{table}_old;
            GRANT SELECT, INSERT, UPDATE, DELETE ON ledger_read.{table} TO factledger_app;
            """, cancellationToken);

    private async Task<long> CountEventsAsync(string prefix, CancellationToken cancellationToken)
    {
        await using var command = store.DataSource.CreateCommand("SELECT count(*) FROM ledger.events WHERE stream_id LIKE @prefix || '%'");
        command.Parameters.Add(new NpgsqlParameter<string>("prefix", prefix));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<Dictionary<string, SourceInfo>> AllSourceInfosAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT doc::text FROM ledger_read.sources", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var infos = new Dictionary<string, SourceInfo>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var source = ReadModelJson.Deserialize<Source>(reader.GetString(0));
            infos[source.SourceId] = SourceInfo.From(source);
        }

        return infos;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
