using FactLedger.Ledger.Figures;
using FactLedger.Ledger.Sources;
using Npgsql;
using NpgsqlTypes;

namespace FactLedger.Ledger.Claims;

/// <summary>
/// The columns of a <c>ledger_read.claims</c> row (all but <c>doc</c>), derived from the claim's view. The inline
/// projection's upsert and the replay's COPY both write these, so an aside table is built exactly as incremental
/// writes build the live one. The figure and timeline columns come from <see cref="FigureRules"/> and the same
/// partial dates the in-memory rules compare, so SQL orders claims as <see cref="FigureRules.LatestFirst"/> and
/// <see cref="Timeline.Build"/> do.
/// </summary>
internal static class ClaimColumns
{
    internal sealed record Column<T>(string Name, NpgsqlDbType Type, Func<T, object?> Value);

    /// <summary>What a claim's row takes from its source, rewritten when the source's metadata is corrected.</summary>
    public static readonly IReadOnlyList<Column<SourceInfo>> FromSource =
    [
        new("published_unknown", NpgsqlDbType.Boolean, s => !s.Published.IsKnown),
        new("published_first", NpgsqlDbType.Date, s => s.Published.Start),
        new("published_precision", NpgsqlDbType.Smallint, s => (short)s.Published.Precision),
    ];

    public static readonly IReadOnlyList<Column<ClaimRow>> All =
    [
        new("claim_id", NpgsqlDbType.Text, r => r.View.ClaimId),
        new("source_id", NpgsqlDbType.Text, r => r.View.SourceId),
        new("platform", NpgsqlDbType.Text, r => r.View.Platform),
        new("metric", NpgsqlDbType.Text, r => r.View.Metric),
        new("status", NpgsqlDbType.Text, r => r.Status),
        new("verdict", NpgsqlDbType.Text, r => r.Verdict),
        new("as_of_start", NpgsqlDbType.Date, r => r.View.AsOf.Date.IsKnown ? r.View.AsOf.Date.Start : null),
        new("figure_keys", NpgsqlDbType.Array | NpgsqlDbType.Text, r => r.FigureKeys.ToArray()),
        new("version", NpgsqlDbType.Integer, r => r.View.Version),
        new("last_position", NpgsqlDbType.Bigint, r => r.View.LastPosition),
        new("value", NpgsqlDbType.Numeric, r => r.View.Value),
        new("qualifier", NpgsqlDbType.Text, r => ClaimFormat.Enum(r.View.Qualifier)),
        new("exclusion", NpgsqlDbType.Text, r => FigureRules.Exclusion(r.View) is { } reason ? ClaimFormat.Enum(reason) : null),
        new("figure_role", NpgsqlDbType.Text, r => ClaimFormat.Enum(FigureRules.Role(r.View))),
        new("as_of_unknown", NpgsqlDbType.Boolean, r => !r.View.AsOf.Date.IsKnown),
        new("as_of_first", NpgsqlDbType.Date, r => r.View.AsOf.Date.Start),
        new("as_of_precision", NpgsqlDbType.Smallint, r => (short)r.View.AsOf.Date.Precision),
        new("since_first", NpgsqlDbType.Date, r => r.View.AsOf.Since?.Start),
        new("since_precision", NpgsqlDbType.Smallint, r => r.View.AsOf.Since is { } since ? (short)since.Precision : null),
        .. FromSource.Select(c => new Column<ClaimRow>(c.Name, c.Type, r => c.Value(r.View.Source))),
        new("position", NpgsqlDbType.Bigint, r => r.View.Position),
    ];

    /// <summary>Every column name in order, then <c>doc</c>: the column list of an INSERT or a COPY.</summary>
    public static string NamesWithDoc { get; } = string.Join(", ", All.Select(c => c.Name)) + ", doc";

    /// <summary>Writes one row's columns, then its serialised document, to a binary COPY in <see cref="NamesWithDoc"/> order.</summary>
    public static async Task WriteAsync(NpgsqlBinaryImporter importer, ClaimRow row, string doc, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken);
        foreach (var column in All)
        {
            if (column.Value(row) is { } value)
            {
                await importer.WriteAsync(value, column.Type, cancellationToken);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken);
            }
        }

        await importer.WriteAsync(doc, NpgsqlDbType.Jsonb, cancellationToken);
    }

    /// <summary>Inserts or replaces the rows with one statement: one array parameter per column, unnested.</summary>
    public static async Task UpsertAsync(NpgsqlConnection connection, string table, IReadOnlyList<ClaimRow> rows, Func<ClaimRow, string> doc, CancellationToken cancellationToken)
    {
        var selects = All.Select((c, i) => c.Type.HasFlag(NpgsqlDbType.Array) ? $"string_to_array(c{i}, ',')" : $"c{i}");
        var aliases = string.Join(", ", All.Select((_, i) => $"c{i}"));
        var updates = string.Join(", ", All.Where(c => c.Name != "claim_id").Select(c => $"{c.Name} = excluded.{c.Name}"));
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO {table} ({NamesWithDoc})
            SELECT {string.Join(", ", selects)}, doc
            FROM unnest({string.Join(", ", All.Select((_, i) => $"@c{i}"))}, @docs::jsonb[]) AS u({aliases}, doc)
            ON CONFLICT (claim_id) DO UPDATE SET {updates}, doc = excluded.doc
            """, connection);
        for (var i = 0; i < All.Count; i++)
        {
            var column = All[i];
            command.Parameters.Add(column.Type.HasFlag(NpgsqlDbType.Array)
                // An array column goes as a joined string: unnest would flatten a two-dimensional array parameter.
                ? new NpgsqlParameter<string[]>($"c{i}", [.. rows.Select(r => string.Join(',', (string[])column.Value(r)!))])
                : new NpgsqlParameter($"c{i}", NpgsqlDbType.Array | column.Type) { Value = rows.Select(r => column.Value(r) ?? DBNull.Value).ToArray() });
        }

        command.Parameters.Add(new NpgsqlParameter<string[]>("docs", [.. rows.Select(doc)]));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The <c>SET</c> list and parameters that rewrite a claim row's source columns (see <see cref="FromSource"/>).</summary>
    public static string SourceAssignments(NpgsqlCommand command, SourceInfo source)
    {
        var assignments = new List<string>();
        foreach (var column in FromSource)
        {
            command.Parameters.Add(new NpgsqlParameter(column.Name, column.Type) { Value = column.Value(source) ?? DBNull.Value });
            assignments.Add($"{column.Name} = @{column.Name}");
        }

        return string.Join(", ", assignments);
    }
}
