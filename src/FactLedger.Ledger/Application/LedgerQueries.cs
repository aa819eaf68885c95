using System.Runtime.CompilerServices;
using FactLedger.EventStore;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Figures;
using FactLedger.Ledger.Persistence;
using FactLedger.Ledger.Sources;
using Npgsql;

namespace FactLedger.Ledger.Application;

/// <param name="ValidAt">The date the figure should have applied on (valid time), or null for "now".</param>
/// <param name="LedgerAsOf">Read the ledger as it stood then (ledger time), or null for its present state.</param>
public sealed record FigureQuery(string? Platform = null, string? Metric = null, DateOnly? ValidAt = null, LedgerTime? LedgerAsOf = null);

public sealed record SourceSummary(string SourceId, string Title, string? Publisher, string Language, string? Published, int ClaimCount, int Version);

public sealed record SourceDetail(Source Source, IReadOnlyList<ClaimView> Claims);

/// <summary>
/// Where the read models stand: the figures projection's checkpoint, how many events are committed (sealed into the
/// feed or not yet), and which tables are live (<paramref name="Tables"/> changes when a rebuild swaps one in).
/// </summary>
/// <remarks>
/// Not the newest position: a position is taken before its append commits, so a read between the two would be tagged
/// as if it included the append. The committed count moves exactly when an append's events become visible, whatever
/// order appends commit in, and only for this database.
/// </remarks>
public sealed record ReadPosition(long FiguresCheckpoint, long CommittedEvents, long Tables)
{
    /// <summary>An entity tag that changes whenever any read model could have changed.</summary>
    public string ETag => $"\"{FiguresCheckpoint}.{CommittedEvents}.{Tables:x}\"";
}

/// <summary>Answers every question the pages, CLI and API ask, from read models or, for ledger time, from the log.</summary>
public sealed class LedgerQueries(PostgresEventStore store)
{
    private NpgsqlDataSource DataSource => store.DataSource;

    public async Task<IReadOnlyList<CurrentFigure>> GetFiguresAsync(FigureQuery query, CancellationToken cancellationToken = default)
    {
        if (query.LedgerAsOf is null && query.ValidAt is null)
        {
            return await ReadDocsAsync<CurrentFigure>(
                "SELECT doc::text FROM ledger_read.figures WHERE (@platform::text IS NULL OR platform = @platform) AND (@metric::text IS NULL OR metric = @metric) ORDER BY platform, metric",
                query.Platform, query.Metric, cancellationToken);
        }

        if (query.LedgerAsOf is not { } time)
        {
            return await ValidAtAsync(query, query.ValidAt!.Value, cancellationToken);
        }

        var claims = (await LedgerSnapshot.LoadAsync(store, time, cancellationToken)).Claims;
        return claims
            .Where(c => (query.Platform is null || c.Platform == query.Platform) && (query.Metric is null || c.Metric == query.Metric))
            .GroupBy(c => (c.Platform, c.Metric))
            .OrderBy(g => g.Key.Platform, StringComparer.Ordinal).ThenBy(g => g.Key.Metric, StringComparer.Ordinal)
            .Select(g => query.ValidAt is { } date
                ? FigureCalculator.ValidAt(g.Key.Platform, g.Key.Metric, g.ToArray(), date)
                : FigureCalculator.Current(g.Key.Platform, g.Key.Metric, g.ToArray()))
            .OfType<CurrentFigure>()
            .ToArray();
    }

    /// <summary>Valid-time figures from the claims read model, each from <see cref="FigureReader"/>'s indexed queries.</summary>
    private async Task<IReadOnlyList<CurrentFigure>> ValidAtAsync(FigureQuery query, DateOnly validAt, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        var keys = new List<(string Platform, string Metric)>();
        if (query is { Platform: { } onePlatform, Metric: { } oneMetric })
        {
            keys.Add((onePlatform, oneMetric));
        }
        else
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT platform, metric FROM ledger_read.claims
                WHERE (@platform::text IS NULL OR platform = @platform) AND (@metric::text IS NULL OR metric = @metric)
                GROUP BY platform, metric ORDER BY platform COLLATE "C", metric COLLATE "C"
                """, connection);
            command.Parameters.Add(new NpgsqlParameter("platform", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)query.Platform ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("metric", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)query.Metric ?? DBNull.Value });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var figures = new List<CurrentFigure>();
        foreach (var (platform, metric) in keys)
        {
            if ((await FigureReader.ReadAsync(connection, "ledger_read.claims", platform, metric, validAt, cancellationToken)).Figure is { } figure)
            {
                figures.Add(figure);
            }
        }

        return figures;
    }

    /// <summary>The whole timeline (every page; at a ledger time, folded from the log).</summary>
    public async Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync(string platform, string metric, LedgerTime? ledgerAsOf = null, CancellationToken cancellationToken = default)
    {
        if (ledgerAsOf is { } time)
        {
            return Timeline.Build(await ClaimsForAsync(platform, metric, time, cancellationToken));
        }

        var entries = new List<TimelineEntry>();
        await foreach (var entry in StreamTimelineAsync(platform, metric, cancellationToken))
        {
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>Every entry of the present timeline, read a page of <see cref="Timeline.MaxPageSize"/> at a time.</summary>
    public async IAsyncEnumerable<TimelineEntry> StreamTimelineAsync(string platform, string metric, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        TimelineCursor? after = null;
        do
        {
            var page = await GetTimelinePageAsync(platform, metric, after, Timeline.MaxPageSize, null, cancellationToken);
            foreach (var entry in page.Entries)
            {
                yield return entry;
            }

            after = page.Next;
        }
        while (after is not null);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> entries of the timeline after <paramref name="after"/>, in <see cref="Timeline.Build"/>'s
    /// order: a keyset read of the <c>claims_timeline</c> index, as fast on the last page as on the first. At a ledger
    /// time the log is folded (as every ledger-time read does) and the same order paged in memory.
    /// </summary>
    public async Task<TimelinePage> GetTimelinePageAsync(
        string platform, string metric, TimelineCursor? after, int limit, LedgerTime? ledgerAsOf = null, CancellationToken cancellationToken = default)
    {
        if (ledgerAsOf is { } time)
        {
            return Timeline.Page(await ClaimsForAsync(platform, metric, time, cancellationToken), after, limit);
        }

        // Columns only: the document is never parsed for a page.
        await using var command = TimelineCommand(
            """
            claim_id, source_id, source_title, value, unit, qualifier, as_of_text, as_of_note,
            status, verdict, exclusion, since_first, since_precision
            """, platform, metric, after, limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<TimelineEntry>();
        var keys = new List<TimelineCursor>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = ReadCursor(reader, 13);
            entries.Add(new TimelineEntry(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                new PartialDate(key.PublishedFirst, (DatePrecision)key.PublishedPrecision),
                platform,
                metric,
                reader.GetDecimal(3),
                reader.GetString(4),
                ReadModelJson.ParseEnum<Qualifier>(reader.GetString(5)),
                new AsOf(
                    new PartialDate(key.AsOfFirst, (DatePrecision)key.AsOfPrecision),
                    reader.IsDBNull(11) ? null : new PartialDate(reader.GetFieldValue<DateOnly>(11), (DatePrecision)reader.GetInt16(12)),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7)),
                ReadModelJson.ParseEnum<ClaimStatus>(reader.GetString(8)),
                reader.IsDBNull(9) ? null : ReadModelJson.ParseEnum<Verdict>(reader.GetString(9)),
                reader.IsDBNull(10) ? null : ReadModelJson.ParseEnum<ExclusionReason>(reader.GetString(10))));
            keys.Add(key);
        }

        return entries.Count > limit
            ? new TimelinePage(entries[..limit], keys[limit - 1])
            : new TimelinePage(entries, null);
    }

    /// <summary>The claims of one timeline page, whole (with quotes and history), in the timeline's order.</summary>
    public async Task<(IReadOnlyList<ClaimView> Claims, TimelineCursor? Next)> GetTimelineClaimsPageAsync(
        string platform, string metric, TimelineCursor? after, int limit, LedgerTime? ledgerAsOf = null, CancellationToken cancellationToken = default)
    {
        if (ledgerAsOf is { } time)
        {
            var claims = await ClaimsForAsync(platform, metric, time, cancellationToken);
            var ordered = claims.Select(c => (Claim: c, Key: TimelineCursor.Of(c)))
                .Where(c => after is null || c.Key.CompareTo(after) > 0).OrderBy(c => c.Key).Take(limit + 1).ToArray();
            return ordered.Length > limit
                ? ([.. ordered[..limit].Select(c => c.Claim)], ordered[limit - 1].Key)
                : ([.. ordered.Select(c => c.Claim)], null);
        }

        await using var command = TimelineCommand("doc::text", platform, metric, after, limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var views = new List<ClaimView>();
        var keys = new List<TimelineCursor>();
        while (await reader.ReadAsync(cancellationToken))
        {
            views.Add(ReadModelJson.Deserialize<ClaimView>(reader.GetString(0)));
            keys.Add(ReadCursor(reader, 1));
        }

        return views.Count > limit ? (views[..limit], keys[limit - 1]) : (views, null);
    }

    /// <summary><see cref="TimelineCursor"/>'s key in SQL: the columns of the <c>claims_timeline</c> index, in its order.</summary>
    private const string TimelineKey =
        "as_of_unknown, as_of_first, as_of_precision, published_unknown, published_first, published_precision, position, claim_id COLLATE \"C\"";

    /// <summary>One row more than the limit, so the page knows whether another follows.</summary>
    private NpgsqlCommand TimelineCommand(string columns, string platform, string metric, TimelineCursor? after, int limit)
    {
        var command = DataSource.CreateCommand(
            $"""
            SELECT {columns}, {TimelineKey} FROM ledger_read.claims
            WHERE platform = @platform AND metric = @metric{(after is null ? "" : $" AND ({TimelineKey}) > (@k0, @k1, @k2, @k3, @k4, @k5, @k6, @k7)")}
            ORDER BY {TimelineKey} LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("platform", platform));
        command.Parameters.Add(new NpgsqlParameter<string>("metric", metric));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit + 1));
        if (after is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<bool>("k0", after.AsOfUnknown));
            command.Parameters.Add(new NpgsqlParameter<DateOnly>("k1", after.AsOfFirst));
            command.Parameters.Add(new NpgsqlParameter<short>("k2", after.AsOfPrecision));
            command.Parameters.Add(new NpgsqlParameter<bool>("k3", after.PublishedUnknown));
            command.Parameters.Add(new NpgsqlParameter<DateOnly>("k4", after.PublishedFirst));
            command.Parameters.Add(new NpgsqlParameter<short>("k5", after.PublishedPrecision));
            command.Parameters.Add(new NpgsqlParameter<long>("k6", after.Position));
            command.Parameters.Add(new NpgsqlParameter<string>("k7", after.ClaimId));
        }

        return command;
    }

    private static TimelineCursor ReadCursor(NpgsqlDataReader reader, int first) => new(
        reader.GetBoolean(first),
        reader.GetFieldValue<DateOnly>(first + 1),
        reader.GetInt16(first + 2),
        reader.GetBoolean(first + 3),
        reader.GetFieldValue<DateOnly>(first + 4),
        reader.GetInt16(first + 5),
        reader.GetInt64(first + 6),
        reader.GetString(first + 7));

    public async Task<IReadOnlyList<ClaimView>> ClaimsForAsync(string platform, string metric, LedgerTime? ledgerAsOf, CancellationToken cancellationToken)
    {
        if (ledgerAsOf is { } time)
        {
            return (await LedgerSnapshot.LoadAsync(store, time, cancellationToken)).Claims.Where(c => c.Platform == platform && c.Metric == metric).ToArray();
        }

        return await ReadDocsAsync<ClaimView>("SELECT doc::text FROM ledger_read.claims WHERE platform = @platform AND metric = @metric", platform, metric, cancellationToken);
    }

    public async Task<ClaimView?> GetClaimAsync(string claimId, LedgerTime? ledgerAsOf = null, CancellationToken cancellationToken = default)
    {
        if (ledgerAsOf is { } time)
        {
            return (await LedgerSnapshot.LoadAsync(store, time, cancellationToken)).Claims.FirstOrDefault(c => c.ClaimId == claimId);
        }

        await using var command = DataSource.CreateCommand("SELECT doc::text FROM ledger_read.claims WHERE claim_id = @id");
        command.Parameters.Add(new NpgsqlParameter<string>("id", claimId));
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? ReadModelJson.Deserialize<ClaimView>(json) : null;
    }

    /// <summary>Claims in id order after <paramref name="afterClaimId"/> (a keyset cursor), optionally filtered.</summary>
    public async Task<IReadOnlyList<ClaimView>> ListClaimsAsync(string? platform, string? metric, string? sourceId, string? afterClaimId, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand(
            """
            SELECT doc::text FROM ledger_read.claims
            WHERE (@platform::text IS NULL OR platform = @platform) AND (@metric::text IS NULL OR metric = @metric)
              AND (@source::text IS NULL OR source_id = @source) AND (@after::text IS NULL OR claim_id > @after)
            ORDER BY claim_id LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter("platform", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)platform ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("metric", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)metric ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("source", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)sourceId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("after", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)afterClaimId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        return await ReadAllAsync<ClaimView>(command, cancellationToken);
    }

    public async Task<ClaimTrail?> GetTrailAsync(string claimId, LedgerTime? ledgerAsOf = null, CancellationToken cancellationToken = default)
    {
        ClaimView? claim;
        Source? source;
        if (ledgerAsOf is { } time)
        {
            var snapshot = await LedgerSnapshot.LoadAsync(store, time, cancellationToken);
            claim = snapshot.Claims.FirstOrDefault(c => c.ClaimId == claimId);
            source = claim is null ? null : snapshot.Sources.GetValueOrDefault(claim.SourceId);
        }
        else
        {
            claim = await GetClaimAsync(claimId, null, cancellationToken);
            source = claim is null ? null : await GetSourceStateAsync(claim.SourceId, cancellationToken);
        }

        return claim is null ? null : ClaimTrail.Build(claim, source?.Text ?? "");
    }

    public async Task<IReadOnlyList<SourceSummary>> GetSourcesAsync(CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand(
            """
            SELECT s.source_id, s.title, s.publisher, s.language, s.published, count(c.claim_id)::int, s.version
            FROM ledger_read.sources s LEFT JOIN ledger_read.claims c ON c.source_id = s.source_id
            GROUP BY s.source_id ORDER BY s.source_id
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sources = new List<SourceSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sources.Add(new SourceSummary(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt32(5), reader.GetInt32(6)));
        }

        return sources;
    }

    public async Task<SourceDetail?> GetSourceAsync(string sourceId, LedgerTime? ledgerAsOf = null, CancellationToken cancellationToken = default)
    {
        if (ledgerAsOf is { } time)
        {
            var snapshot = await LedgerSnapshot.LoadAsync(store, time, cancellationToken);
            return snapshot.Sources.TryGetValue(sourceId, out var then)
                ? new SourceDetail(then, snapshot.Claims.Where(c => c.SourceId == sourceId).OrderBy(c => c.Quote.Start).ToArray())
                : null;
        }

        var source = await GetSourceStateAsync(sourceId, cancellationToken);
        if (source is null)
        {
            return null;
        }

        var claims = await ListClaimsAsync(null, null, sourceId, null, 10_000, cancellationToken);
        return new SourceDetail(source, claims.OrderBy(c => c.Quote.Start).ToArray());
    }

    public async Task<Source?> GetSourceStateAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand("SELECT doc::text FROM ledger_read.sources WHERE source_id = @id");
        command.Parameters.Add(new NpgsqlParameter<string>("id", sourceId));
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? ReadModelJson.Deserialize<Source>(json) : null;
    }

    public async Task<ReadPosition> GetReadPositionAsync(CancellationToken cancellationToken = default)
    {
        // Sealed events are the feed's dense sequence; the rest are counted from the sealer's own starting point.
        await using var command = DataSource.CreateCommand(
            $"""
            WITH head AS (
              SELECT f.sequence, h.transaction_id, h.position FROM ledger.feed f JOIN ledger.events h ON h.position = f.position
              ORDER BY f.sequence DESC LIMIT 1)
            SELECT coalesce((SELECT sequence FROM ledger.projection_checkpoints WHERE name = '{FiguresProjection.ProjectionName}'), 0),
                   coalesce((SELECT sequence FROM head), 0)
                   + (SELECT count(*) FROM ledger.events e
                      WHERE (e.transaction_id, e.position) >
                            (coalesce((SELECT transaction_id FROM head), '0'::xid8), coalesce((SELECT position FROM head), 0))),
                   ('ledger_read.sources'::regclass::oid::bigint << 42) # ('ledger_read.claims'::regclass::oid::bigint << 21)
                   # 'ledger_read.figures'::regclass::oid::bigint
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ReadPosition(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private async Task<IReadOnlyList<T>> ReadDocsAsync<T>(string sql, string? platform, string? metric, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter("platform", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)platform ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("metric", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)metric ?? DBNull.Value });
        return await ReadAllAsync<T>(command, cancellationToken);
    }

    private static async Task<IReadOnlyList<T>> ReadAllAsync<T>(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReadModelJson.Deserialize<T>(reader.GetString(0)));
        }

        return items;
    }
}
