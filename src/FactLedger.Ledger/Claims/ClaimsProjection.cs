using FactLedger.EventStore.Events;
using FactLedger.EventStore.Projections;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Persistence;
using FactLedger.Ledger.Sources;
using Npgsql;

namespace FactLedger.Ledger.Claims;

/// <summary>
/// Keeps <c>ledger_read.claims</c> (one <see cref="ClaimView"/> per claim) in step with claim streams, in the append's
/// own transaction, so a claim just asserted or corrected is readable at once. Runs after <see cref="SourcesProjection"/>.
/// </summary>
public sealed class ClaimsProjection : IInlineProjection
{
    public const string StreamPrefix = "claim-";

    public string Name => "claims";

    public async Task ApplyAsync(NpgsqlConnection connection, IReadOnlyList<RecordedEvent> events, CancellationToken cancellationToken)
    {
        await RefreshSourceInfoAsync(connection, "ledger_read.claims",
            events.Select(e => e.Data).OfType<SourceMetadataCorrected>().Select(c => c.SourceId), cancellationToken);

        var byStream = events.Where(e => e.StreamId.StartsWith(StreamPrefix, StringComparison.Ordinal)).GroupBy(e => e.StreamId).ToArray();
        if (byStream.Length == 0)
        {
            return;
        }

        var claimIds = byStream.Select(g => g.Key[StreamPrefix.Length..]).ToArray();
        var assertedSourceIds = byStream.SelectMany(g => g).Select(e => e.Data).OfType<ClaimAsserted>().Select(a => a.SourceId).Distinct().ToArray();
        var sources = await LockSourceInfosAsync(connection, claimIds, assertedSourceIds, cancellationToken);
        // Read only once their sources are locked: rows that a correction of those sources rewrote are read as rewritten.
        var current = await LoadAsync(connection, "ledger_read.claims", claimIds, cancellationToken);

        var rows = byStream
            .Select(stream => ClaimRow.Fold(current.GetValueOrDefault(stream.Key[StreamPrefix.Length..]), stream, id => sources.GetValueOrDefault(id) ?? UnknownSource(id)))
            .OfType<ClaimRow>()
            .ToArray();
        await UpsertAsync(connection, "ledger_read.claims", rows, cancellationToken);
    }

    /// <summary>
    /// Reads the sources of these claims (stored ones, and those asserted now) and share-locks their rows until the
    /// append commits. A source without a row has nothing to lock and no info: its claims show <see cref="UnknownSource"/>.
    /// </summary>
    private static async Task<Dictionary<string, SourceInfo>> LockSourceInfosAsync(NpgsqlConnection connection, string[] claimIds, string[] assertedSourceIds, CancellationToken cancellationToken)
    {
        // A source correction rewrites its claims' rows in its own transaction. Without this lock, a claim append that
        // read the source's old info before the correction committed could write its row after the rewrite, and the row
        // would show the old info until a rebuild. With it, a correction waits for the claim appends holding its source,
        // and a claim append waits for the correction and then reads what it wrote. Rows are locked in output order:
        // byte order of the ids, as SourcesProjection sorts the rows it upserts, so appends never wait in a cycle.
        await using var command = new NpgsqlCommand(
            $"""
            SELECT {SourcesProjection.InfoColumns} FROM ledger_read.sources
            WHERE source_id = ANY(@asserted_source_ids || ARRAY(SELECT source_id FROM ledger_read.claims WHERE claim_id = ANY(@claim_ids)))
            ORDER BY source_id COLLATE "C"
            FOR SHARE
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("asserted_source_ids", assertedSourceIds));
        command.Parameters.Add(new NpgsqlParameter<string[]>("claim_ids", claimIds));
        return await SourcesProjection.ReadInfosAsync(command, cancellationToken);
    }

    internal static SourceInfo UnknownSource(string sourceId) => new(sourceId, "(unregistered source)", null, PartialDate.Unknown, "und");

    internal static async Task RefreshSourceInfoAsync(NpgsqlConnection connection, string claimsTable, IEnumerable<string> correctedSourceIds, CancellationToken cancellationToken)
    {
        var sourceIds = correctedSourceIds.Distinct().ToArray();
        if (sourceIds.Length == 0)
        {
            return;
        }

        // The sources table already holds the correction (the inline projection applied it in the same transaction, or
        // earlier for a rebuild's catch-up). Each claim is written again whole, as a fold would write it, so a corrected
        // row is the very text a rebuild produces. Claim writers wait for this transaction on the source's row lock (see
        // LockSourceInfosAsync); the rows are locked as they are read all the same, so no write can fall between.
        var infos = await SourceInfosAsync(connection, "ledger_read.sources", sourceIds, cancellationToken);
        var claims = await LoadAsync(connection, claimsTable, "source_id = ANY(@ids) ORDER BY claim_id COLLATE \"C\" FOR UPDATE", [.. infos.Keys], cancellationToken);
        await UpsertAsync(connection, claimsTable, [.. claims.Values.Select(row => row with { View = row.View with { Source = infos[row.View.SourceId] } })], cancellationToken);
    }

    internal static Task<Dictionary<string, SourceInfo>> SourceInfosAsync(NpgsqlConnection connection, string sourcesTable, string[] sourceIds, CancellationToken cancellationToken) =>
        SourcesProjection.LoadInfosAsync(connection, sourcesTable, sourceIds, cancellationToken);

    internal static Task<Dictionary<string, ClaimRow>> LoadAsync(NpgsqlConnection connection, string table, string[] claimIds, CancellationToken cancellationToken) =>
        LoadAsync(connection, table, "claim_id = ANY(@ids)", claimIds, cancellationToken);

    /// <param name="filter">The WHERE clause and what follows it, over the parameter <c>@ids</c>.</param>
    private static async Task<Dictionary<string, ClaimRow>> LoadAsync(NpgsqlConnection connection, string table, string filter, string[] ids, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT doc::text, figure_keys FROM {table} WHERE {filter}", connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", ids));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new Dictionary<string, ClaimRow>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var view = ReadModelJson.Deserialize<ClaimView>(reader.GetString(0));
            rows[view.ClaimId] = new ClaimRow(view, reader.GetFieldValue<string[]>(1));
        }

        return rows;
    }

    /// <summary>How a <see cref="ClaimRow"/> fills <c>ledger_read.claims</c>: for the inline upsert and the rebuild's COPY alike.</summary>
    internal static ReadModelTable<ClaimRow> Table { get; } = new("claim_id",
    [
        .. ClaimColumns.All,
        new("doc", NpgsqlTypes.NpgsqlDbType.Json, r => ReadModelJson.Serialize(r.View)),
    ]);

    internal static Task UpsertAsync(NpgsqlConnection connection, string table, IReadOnlyList<ClaimRow> rows, CancellationToken cancellationToken) =>
        Table.UpsertAsync(connection, table, rows, cancellationToken);
}

/// <summary>A claim's read-model row: its view and every figure key it has been filed under.</summary>
internal sealed record ClaimRow(ClaimView View, IReadOnlyList<string> FigureKeys)
{
    public string Status => View.IsRetracted ? "retracted" : "active";

    public string? Verdict => View.LatestVerdict is { } verdict ? ClaimFormat.Enum(verdict) : null;

    public static ClaimRow? Fold(ClaimRow? current, IEnumerable<RecordedEvent> events, Func<string, SourceInfo> sourceOf)
    {
        var view = current?.View;
        var keys = new List<string>(current?.FigureKeys ?? []);
        foreach (var e in events)
        {
            var info = new EventInfo(e.RecordedAt, e.Metadata.Actor, e.Metadata.Reason, e.Position, e.StreamVersion);
            var sourceId = view?.SourceId ?? (e.Data as ClaimAsserted)?.SourceId ?? "";
            view = ClaimView.Evolve(view, e.Data, info, view?.Source ?? sourceOf(sourceId));
            if (view is not null)
            {
                var key = ReadModelJson.FigureKey(view.Platform, view.Metric);
                if (!keys.Contains(key))
                {
                    keys.Add(key);
                }
            }
        }

        return view is null ? null : new ClaimRow(view, keys);
    }
}
