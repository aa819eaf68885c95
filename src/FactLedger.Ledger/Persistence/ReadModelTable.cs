using Npgsql;
using NpgsqlTypes;

namespace FactLedger.Ledger.Persistence;

/// <summary>One column of a read-model table and how a row fills it (null for SQL NULL).</summary>
internal sealed record ReadModelColumn<TRow>(string Name, NpgsqlDbType Type, Func<TRow, object?> Value)
{
    public bool IsArray => (Type & NpgsqlDbType.Array) != 0;
}

/// <summary>
/// The one mapping from a read-model row to its table's columns. The inline projection's upsert and the rebuild's
/// binary COPY both write through it, so a column added here reaches both and the two can never disagree.
/// </summary>
internal sealed class ReadModelTable<TRow>(string keyColumn, IReadOnlyList<ReadModelColumn<TRow>> columns)
{
    public IReadOnlyList<ReadModelColumn<TRow>> Columns => columns;

    public string ColumnList { get; } = string.Join(", ", columns.Select(c => c.Name));

    /// <summary>Inserts or replaces <paramref name="rows"/> in one statement (one array parameter per column).</summary>
    public async Task UpsertAsync(NpgsqlConnection connection, string table, IReadOnlyList<TRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        // unnest flattens a two-dimensional array, so an array column travels as one joined string per row.
        var selected = string.Join(", ", columns.Select(c => c.IsArray ? $"string_to_array(u.{c.Name}, ',')" : $"u.{c.Name}"));
        var parameters = string.Join(", ", columns.Select((_, i) => $"@p{i}"));
        var updates = string.Join(", ", columns.Where(c => c.Name != keyColumn).Select(c => $"{c.Name} = excluded.{c.Name}"));
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO {table} ({ColumnList})
            SELECT {selected} FROM unnest({parameters}) AS u({ColumnList})
            ON CONFLICT ({keyColumn}) DO UPDATE SET {updates}
            """, connection);
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var values = rows.Select(row => column.Value(row) switch
            {
                null => DBNull.Value,
                IEnumerable<string> items when column.IsArray => JoinArray(column, items),
                var value => value,
            }).ToArray();
            var type = column.IsArray ? NpgsqlDbType.Array | NpgsqlDbType.Text : NpgsqlDbType.Array | column.Type;
            command.Parameters.Add(new NpgsqlParameter($"p{i}", type) { Value = values });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Starts a binary COPY of whole rows into <paramref name="table"/>; write rows with <see cref="WriteRowAsync"/>.</summary>
    public Task<NpgsqlBinaryImporter> BeginCopyAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken) =>
        connection.BeginBinaryImportAsync($"COPY {table} ({ColumnList}) FROM STDIN (FORMAT BINARY)", cancellationToken);

    public async Task WriteRowAsync(NpgsqlBinaryImporter importer, TRow row, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken);
        foreach (var column in columns)
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
    }

    private static string JoinArray(ReadModelColumn<TRow> column, IEnumerable<string> items)
    {
        var list = items.ToArray();
        return list.Any(item => item.Contains(',', StringComparison.Ordinal))
            ? throw new InvalidOperationException($"Column {column.Name}: array elements may not contain commas (they travel joined).")
            : string.Join(',', list);
    }
}
