using System.CommandLine;
using System.Globalization;
using FactLedger.Ledger.Application;

namespace FactLedger.Cli.Commands;

/// <summary>Options several commands share, parsed and validated in one place.</summary>
public static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print machine-readable JSON (camelCase) instead of a table." };

    public static Option<string?> LedgerAsOf() => new("--ledger-as-of")
    {
        Description = "Show what the ledger said at this moment: an ISO-8601 timestamp or a feed sequence number.",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (text is not null && !LedgerTime.TryParse(text, out _))
            {
                result.AddError($"--ledger-as-of '{text}' is neither a timestamp (2026-11-22T10:00:00Z) nor a feed sequence number.");
            }

            return text;
        },
    };

    public static LedgerTime? ParseLedgerTime(string? text) => text is not null && LedgerTime.TryParse(text, out var time) ? time : null;

    public static Option<string?> ValidAt() => new("--valid-at")
    {
        Description = "Show the figure that applied on this date (YYYY-MM-DD), according to the sources.",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (text is not null && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                result.AddError($"--valid-at '{text}' is not a date of the form YYYY-MM-DD.");
            }

            return text;
        },
    };

    public static DateOnly? ParseDate(string? text) =>
        text is not null && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    public static Option<string> Actor() => new("--actor")
    {
        Description = "Who is acting (recorded in every event's metadata).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FACTLEDGER_ACTOR") ?? Environment.UserName ?? "cli",
    };
}
