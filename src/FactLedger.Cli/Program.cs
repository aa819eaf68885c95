using System.CommandLine;
using FactLedger.Cli.Commands;
using Spectre.Console;

// Piped output has no terminal width; tables would wrap every cell at 80 columns.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 220;
}

var root = new RootCommand("factledger: an event-sourced ledger of sourced numeric claims.")
{
    AdminCommands.Db(),
    AdminCommands.Ingest(),
    ReadCommands.Figures(),
    ReadCommands.Timeline(),
    ReadCommands.Trail(),
    ReadCommands.Sources(),
    ClaimCommands.Correct(),
    ClaimCommands.Review(),
    ClaimCommands.Retract(),
    AdminCommands.Replay(),
    AdminCommands.Verify(),
    ExtractCommands.Extract(),
    ExtractCommands.Evaluate(),
    KeyCommands.Keys(),
    ServeCommands.Serve(),
    ServeCommands.Start(),
};

return await root.Parse(args).InvokeAsync();
