using System.Globalization;
using System.Text.Json;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using Spectre.Console;

namespace FactLedger.Cli.Output;

/// <summary>Human tables by default, camelCase JSON with <c>--json</c>.</summary>
public static class CliOutput
{
    private static readonly JsonSerializerOptions Indented = new(LedgerJson.Options) { WriteIndented = true };

    public static void Json<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Indented));

    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }

        return table;
    }

    public static void Write(Table table) => AnsiConsole.Write(table);

    public static void Line(string text) => AnsiConsole.MarkupLine(text);

    /// <summary>1.5 M, 15 B, 350 k: how a reader says the numbers in the seed articles.</summary>
    public static string Compact(decimal value) => value switch
    {
        >= 1_000_000_000_000m => Scaled(value, 1_000_000_000_000m, "T"),
        >= 1_000_000_000m => Scaled(value, 1_000_000_000m, "B"),
        >= 1_000_000m => Scaled(value, 1_000_000m, "M"),
        >= 1_000m => Scaled(value, 1_000m, "k"),
        _ => value.ToString("0.##", CultureInfo.InvariantCulture),
    };

    private static string Scaled(decimal value, decimal scale, string suffix) =>
        (value / scale).ToString("0.##", CultureInfo.InvariantCulture) + " " + suffix;

    public static string Qualifier(Qualifier qualifier) => qualifier switch
    {
        Ledger.Claims.Qualifier.AtLeast => "more than",
        Ledger.Claims.Qualifier.AtMost => "at most",
        Ledger.Claims.Qualifier.Approximate => "about",
        Ledger.Claims.Qualifier.Forecast => "forecast",
        _ => "exact",
    };

    public static string Escape(string? text) => Markup.Escape(text ?? "");
}
