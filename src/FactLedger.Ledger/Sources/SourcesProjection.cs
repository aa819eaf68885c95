using FactLedger.EventStore.Events;
using FactLedger.EventStore.Projections;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace FactLedger.Ledger.Sources;

/// <summary>Keeps <c>ledger_read.sources</c> in step with source streams, in the append's own transaction.</summary>
public sealed class SourcesProjection : IInlineProjection
{
    public const string StreamPrefix = "source-";

    public string Name => "sources";

    public async Task ApplyAsync(NpgsqlConnection connection, IReadOnlyList<RecordedEvent> events, CancellationToken cancellationToken)
    {
        var byStream = events.Where(e => e.StreamId.StartsWith(StreamPrefix, StringComparison.Ordinal)).GroupBy(e => e.StreamId).ToArray();
        if (byStream.Length == 0)
        {
            return;
        }

        var ids = byStream.Select(g => g.Key[StreamPrefix.Length..]).ToArray();
        var current = await LoadAsync(connection, "ledger_read.sources", ids, cancellationToken);
        var rows = new List<SourceRow>();
        foreach (var stream in byStream)
        {
            var state = current.GetValueOrDefault(stream.Key[StreamPrefix.Length..]);
            var row = SourceRow.Fold(state, stream);
            if (row is not null)
            {
                rows.Add(row);
            }
        }

        // In source id order, the order in which ClaimsProjection locks these rows: appends that take the same rows in
        // the same order wait for one another but never in a cycle (an upsert locks its rows in array order).
        rows.Sort((a, b) => string.CompareOrdinal(a.Source.SourceId, b.Source.SourceId));
        await UpsertAsync(connection, "ledger_read.sources", rows, cancellationToken);
    }

    internal static async Task<Dictionary<string, SourceRow>> LoadAsync(NpgsqlConnection connection, string table, string[] ids, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT doc::text, last_position FROM {table} WHERE source_id = ANY(@ids)", connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", ids));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new Dictionary<string, SourceRow>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var source = ReadModelJson.Deserialize<Source>(reader.GetString(0));
            rows[source.SourceId] = new SourceRow(source, reader.GetInt64(1));
        }

        return rows;
    }

    /// <summary>The columns of <c>ledger_read.sources</c> that <see cref="ReadInfosAsync"/> reads, in its order.</summary>
    internal const string InfoColumns = "source_id, title, publisher, language, published, url";

    /// <summary>What claims show of these sources, read from the table's columns (never its documents, which hold the articles).</summary>
    internal static async Task<Dictionary<string, SourceInfo>> LoadInfosAsync(NpgsqlConnection connection, string table, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {InfoColumns} FROM {table} WHERE source_id = ANY(@ids)", connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", ids.ToArray()));
        return await ReadInfosAsync(command, cancellationToken);
    }

    /// <summary>Runs a query selecting <see cref="InfoColumns"/> and returns each row's info by source id.</summary>
    internal static async Task<Dictionary<string, SourceInfo>> ReadInfosAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var infos = new Dictionary<string, SourceInfo>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            infos[id] = new SourceInfo(
                id,
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                PartialDate.Parse(reader.IsDBNull(4) ? null : reader.GetString(4)),
                reader.GetString(3),
                reader.IsDBNull(5) ? null : reader.GetString(5));
        }

        return infos;
    }

    /// <summary>How a <see cref="SourceRow"/> fills <c>ledger_read.sources</c>: for the inline upsert and the rebuild's COPY alike.</summary>
    internal static ReadModelTable<SourceRow> Table { get; } = new("source_id",
    [
        new("source_id", NpgsqlDbType.Text, r => r.Source.SourceId),
        new("title", NpgsqlDbType.Text, r => r.Source.Title),
        new("publisher", NpgsqlDbType.Text, r => r.Source.Publisher),
        new("language", NpgsqlDbType.Text, r => r.Source.Language),
        new("published", NpgsqlDbType.Text, r => r.Source.Published.ToIsoOrNull()),
        new("version", NpgsqlDbType.Integer, r => r.Source.Version),
        new("last_position", NpgsqlDbType.Bigint, r => r.LastPosition),
        new("doc", NpgsqlDbType.Jsonb, r => ReadModelJson.Serialize(r.Source)),
        new("url", NpgsqlDbType.Text, r => r.Source.Url),
    ]);

    internal static Task UpsertAsync(NpgsqlConnection connection, string table, IReadOnlyList<SourceRow> rows, CancellationToken cancellationToken) =>
        Table.UpsertAsync(connection, table, rows, cancellationToken);
}

/// <summary>A source's read-model row: its folded state and the last position folded into it.</summary>
internal sealed record SourceRow(Source Source, long LastPosition)
{
    public static SourceRow? Fold(SourceRow? current, IEnumerable<RecordedEvent> events)
    {
        var state = current?.Source;
        var position = current?.LastPosition ?? 0;
        foreach (var e in events)
        {
            state = Source.Evolve(state, e.Data);
            position = e.Position;
        }

        return state is null ? null : new SourceRow(state, position);
    }
}
