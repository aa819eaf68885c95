using System.CommandLine;
using System.Globalization;
using FactLedger.Cli.Output;
using FactLedger.EventStore.Projections;
using FactLedger.Ledger.Application;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using Microsoft.Extensions.DependencyInjection;

namespace FactLedger.Cli.Commands;

/// <summary>correct, review, retract: a fact-checker's writes, each one event with actor and reason.</summary>
public static class ClaimCommands
{
    public static Command Correct()
    {
        var claimId = new Argument<string>("claim-id");
        var reason = new Option<string>("--reason") { Description = "Why the claim is corrected (required, recorded).", Required = true };
        var value = new Option<decimal?>("--value") { Description = "The corrected value (a plain number)." };
        var qualifier = new Option<Qualifier?>("--qualifier") { Description = "exact, approximate, at_least, at_most or forecast." };
        qualifier.CustomParser = result => ParseEnum<Qualifier>(result.Tokens[0].Value, result);
        var asOf = new Option<string?>("--as-of") { Description = "The corrected as-of date: YYYY, YYYY-MM or YYYY-MM-DD." };
        var since = new Option<string?>("--since") { Description = "Start of the period the claim covers (with --as-of)." };
        var platform = new Option<string?>("--platform") { Description = "The corrected platform (id or alias)." };
        var metric = new Option<string?>("--metric") { Description = "The corrected metric id." };
        var expected = new Option<int?>("--expected-version") { Description = "Fail if the claim is no longer at this version." };
        var actor = CommonOptions.Actor();
        var command = new Command("correct", "Correct fields of a claim; the change and its reason join the trail.") { claimId, reason, value, qualifier, asOf, since, platform, metric, expected, actor };
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var commands = services.GetRequiredService<LedgerCommands>();
            var id = parse.GetValue(claimId)!;
            AsOf? newAsOf = null;
            if (parse.GetValue(asOf) is { } asOfText)
            {
                var current = (await commands.LoadClaimAsync(id, ct)).State;
                newAsOf = new AsOf(ParseDate("--as-of", asOfText), parse.GetValue(since) is { } s ? ParseDate("--since", s) : null, current?.AsOf.Text, "corrected via CLI");
            }

            var changes = new ClaimChanges(Platform: parse.GetValue(platform), Metric: parse.GetValue(metric), Value: parse.GetValue(value), Qualifier: parse.GetValue(qualifier), AsOf: newAsOf);
            var result = await commands.CorrectClaimAsync(new CorrectClaim(id, changes, parse.GetValue(reason)!),
                new CommandContext(parse.GetValue(actor)!, ExpectedVersion: parse.GetValue(expected)), ct);
            // No daemon runs between CLI invocations: bring the async figures up to date before exiting.
            await services.GetRequiredService<ProjectionDaemon>().CatchUpAsync(ct);
            Console.Out.WriteLine($"Corrected {id}: now at version {result.Version} (position {result.Position}).");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    public static Command Review()
    {
        var claimId = new Argument<string>("claim-id");
        var verdict = new Option<Verdict>("--verdict") { Description = "supported, disputed, false, misleading or unverifiable.", Required = true };
        verdict.CustomParser = result => ParseEnum<Verdict>(result.Tokens[0].Value, result) ?? default;
        var rationale = new Option<string>("--rationale") { Description = "Why (required, recorded).", Required = true };
        var actor = CommonOptions.Actor();
        var command = new Command("review", "Rate a claim after checking it.") { claimId, verdict, rationale, actor };
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var id = parse.GetValue(claimId)!;
            var who = parse.GetValue(actor)!;
            var result = await services.GetRequiredService<LedgerCommands>().ReviewClaimAsync(
                new ReviewClaim(id, parse.GetValue(verdict), parse.GetValue(rationale)!, who), new CommandContext(who), ct);
            // No daemon runs between CLI invocations: bring the async figures up to date before exiting.
            await services.GetRequiredService<ProjectionDaemon>().CatchUpAsync(ct);
            Console.Out.WriteLine($"Reviewed {id}: now at version {result.Version}.");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    public static Command Retract()
    {
        var claimId = new Argument<string>("claim-id");
        var reason = new Option<string>("--reason") { Description = "Why the claim should never have been recorded (required).", Required = true };
        var actor = CommonOptions.Actor();
        var command = new Command("retract", "Retract a claim: it stays in the ledger, marked retracted, and leaves the figures.") { claimId, reason, actor };
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var id = parse.GetValue(claimId)!;
            var result = await services.GetRequiredService<LedgerCommands>().RetractClaimAsync(new RetractClaim(id, parse.GetValue(reason)!), new CommandContext(parse.GetValue(actor)!), ct);
            // No daemon runs between CLI invocations: bring the async figures up to date before exiting.
            await services.GetRequiredService<ProjectionDaemon>().CatchUpAsync(ct);
            Console.Out.WriteLine($"Retracted {id}: now at version {result.Version}.");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static PartialDate ParseDate(string option, string text) =>
        PartialDate.TryParse(text, out var date) && date.IsKnown
            ? date
            : throw new LedgerValidationException(new Dictionary<string, string[]> { [option.TrimStart('-')] = [$"'{text}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD."] });

    private static T? ParseEnum<T>(string text, System.CommandLine.Parsing.ArgumentResult result) where T : struct, Enum
    {
        var normalized = text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (Enum.TryParse<T>(normalized, ignoreCase: true, out var value) && Enum.IsDefined(value))
        {
            return value;
        }

        result.AddError($"'{text}' is not one of: {string.Join(", ", Enum.GetNames<T>().Select(n => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(n)))}.");
        return null;
    }
}
