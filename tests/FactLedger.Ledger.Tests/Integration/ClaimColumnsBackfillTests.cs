using System.Text.RegularExpressions;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Figures;
using FactLedger.Ledger.Persistence;
using Npgsql;

namespace FactLedger.Ledger.Tests.Integration;

/// <summary>
/// Migration 003 fills the new claim columns of rows already stored from their documents, and cuts stored figure
/// documents to the new shape. Its SQL must agree with what the application writes (<see cref="ClaimColumns"/>).
/// </summary>
public sealed partial class ClaimColumnsBackfillTests : IAsyncLifetime
{
    private const string Columns =
        "value, qualifier, exclusion, figure_role, as_of_unknown, as_of_first, as_of_precision, since_first, since_precision, published_unknown, published_first, published_precision, position";

    private readonly EmptyLedger _ledger = new();

    public Task InitializeAsync() => _ledger.InitializeAsync();

    public Task DisposeAsync() => _ledger.DisposeAsync();

    [Fact]
    public async Task The_backfill_derives_every_column_as_the_application_does()
    {
        var claims = FigureReaderTests.RandomClaims(new Random(3), 400);
        await using var connection = await _ledger.Store.AdminDataSource.OpenConnectionAsync();
        await ClaimsProjection.UpsertAsync(connection, "ledger_read.claims",
            [.. claims.Select(c => new ClaimRow(c, [ReadModelJson.FigureKey(c.Platform, c.Metric)]))], CancellationToken.None);

        await ExecuteAsync(connection, $"""
            CREATE TEMP TABLE legacy AS SELECT claim_id, status, verdict, doc FROM ledger_read.claims;
            ALTER TABLE legacy {string.Join(", ", ColumnDefinitions().Select(c => $"ADD COLUMN {c}"))};
            """);
        await ExecuteAsync(connection, string.Join(";\n", BackfillStatements().Select(s => s.Replace("ledger_read.claims", "legacy", StringComparison.Ordinal))));

        Assert.Equal(await RowsAsync(connection, "ledger_read.claims", Columns), await RowsAsync(connection, "legacy", Columns));
    }

    [Fact]
    public async Task The_timeline_text_backfill_derives_every_column_as_the_application_does()
    {
        const string textColumns = "unit, as_of_text, as_of_note, source_title";
        var claims = FigureReaderTests.RandomClaims(new Random(5), 200);
        await using var connection = await _ledger.Store.AdminDataSource.OpenConnectionAsync();
        await ClaimsProjection.UpsertAsync(connection, "ledger_read.claims",
            [.. claims.Select(c => new ClaimRow(c, [ReadModelJson.FigureKey(c.Platform, c.Metric)]))], CancellationToken.None);
        var script = Migration("008_claim_timeline_text_columns.sql");
        var from = script.IndexOf("UPDATE ledger_read.claims", StringComparison.Ordinal);
        var to = script.IndexOf("ALTER TABLE ledger_read.claims\n  ALTER COLUMN", StringComparison.Ordinal);
        Assert.True(from > 0 && to > from, "The migration's backfill section moved.");

        await ExecuteAsync(connection, """
            CREATE TEMP TABLE legacy AS SELECT claim_id, doc FROM ledger_read.claims;
            ALTER TABLE legacy ADD COLUMN unit text, ADD COLUMN as_of_text text, ADD COLUMN as_of_note text, ADD COLUMN source_title text;
            """);
        await ExecuteAsync(connection, script[from..to].Replace("ledger_read.claims", "legacy", StringComparison.Ordinal));

        Assert.Equal(await RowsAsync(connection, "ledger_read.claims", textColumns), await RowsAsync(connection, "legacy", textColumns));
    }

    [Fact]
    public async Task Stored_figure_documents_keep_their_first_twenty_of_each_list_and_count_them_all()
    {
        var lists = $$"""{"claimId":"x","supporting":{{Entries(25)}},"compatible":[],"conflicts":{{Entries(3)}},"forecasts":{{Entries(20)}},"excludedClaims":{{Entries(21)}}}""";

        Assert.Equal("20 25 0 0 3 3 20 20 20 21 c19 x", await TrimmedFigureAsync("003_claim_figure_columns.sql", lists, lastListed: 19));
    }

    [Fact]
    public async Task Stored_figure_documents_keep_their_first_five_of_each_list_and_their_totals()
    {
        var lists = $$"""{"claimId":"x","supporting":{{Entries(20)}},"supportingTotal":25,"compatible":[],"compatibleTotal":0,"conflicts":{{Entries(3)}},"conflictsTotal":3,"forecasts":{{Entries(5)}},"forecastsTotal":5,"excludedClaims":{{Entries(20)}},"excludedClaimsTotal":21}""";

        Assert.Equal($"{CurrentFigure.MaxListed} 25 0 0 3 3 5 5 5 21 c4 x", await TrimmedFigureAsync("009_figure_lists_of_five.sql", lists, lastListed: 4));
    }

    private static string Entries(int count) => "[" + string.Join(",", Enumerable.Range(0, count).Select(i => $$"""{"claimId":"c{{i}}"}""")) + "]";

    /// <summary>
    /// Runs the migration's UPDATE of the stored figures on one document and returns, space-separated, each list's
    /// length and total, the id of the list entry at <paramref name="lastListed"/> in supporting, and the figure's id.
    /// </summary>
    private async Task<string> TrimmedFigureAsync(string migration, string document, int lastListed)
    {
        await using var connection = await _ledger.Store.AdminDataSource.OpenConnectionAsync();
        await using (var create = new NpgsqlCommand("CREATE TEMP TABLE old_figures AS SELECT @doc::jsonb AS doc", connection))
        {
            create.Parameters.Add(new NpgsqlParameter<string>("doc", document));
            await create.ExecuteNonQueryAsync();
        }

        var script = Migration(migration);
        var update = script[script.IndexOf("UPDATE ledger_read.figures", StringComparison.Ordinal)..].TrimEnd().TrimEnd(';');
        await ExecuteAsync(connection, update.Replace("ledger_read.figures", "old_figures", StringComparison.Ordinal));

        await using var command = new NpgsqlCommand(
            $"""
            SELECT jsonb_array_length(doc->'supporting'), doc->>'supportingTotal', jsonb_array_length(doc->'compatible'), doc->>'compatibleTotal',
                   jsonb_array_length(doc->'conflicts'), doc->>'conflictsTotal', jsonb_array_length(doc->'forecasts'), doc->>'forecastsTotal',
                   jsonb_array_length(doc->'excludedClaims'), doc->>'excludedClaimsTotal', doc->'supporting'->{lastListed}->>'claimId', doc->>'claimId'
            FROM old_figures
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return string.Join(' ', Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i).ToString()));
    }

    private static string Migration(string name = "003_claim_figure_columns.sql")
    {
        using var stream = typeof(ClaimColumns).Assembly.GetManifestResourceStream("FactLedger.Ledger.Migrations." + name)!;
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>"value numeric", … from the script's ALTER TABLE … ADD COLUMN list.</summary>
    private static IEnumerable<string> ColumnDefinitions() =>
        AddColumn().Matches(Migration()).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}");

    /// <summary>The helper functions and the UPDATE of the claims, as the script runs them.</summary>
    private static IEnumerable<string> BackfillStatements()
    {
        var script = Migration();
        var from = script.IndexOf("CREATE FUNCTION pg_temp.date_precision", StringComparison.Ordinal);
        var to = script.IndexOf("ALTER TABLE ledger_read.claims\n  ALTER COLUMN", StringComparison.Ordinal);
        Assert.True(from > 0 && to > from, "The migration's backfill section moved.");
        return [script[from..to]];
    }

    private static async Task<List<string>> RowsAsync(NpgsqlConnection connection, string table, string columns)
    {
        await using var command = new NpgsqlCommand($"SELECT claim_id || ' ' || row({columns})::text FROM {table} ORDER BY claim_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        Assert.NotEmpty(rows);
        return rows;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [GeneratedRegex(@"ADD COLUMN (\w+)\s+(\w+)")]
    private static partial Regex AddColumn();
}
