using System.CommandLine;
using FactLedger.Cli.Output;
using FactLedger.Ledger.Application;
using FactLedger.Ledger.Figures;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace FactLedger.Cli.Commands;

/// <summary>figures, timeline, trail, sources: the fact-checker's read commands.</summary>
public static class ReadCommands
{
    public static Command Figures()
    {
        var platform = new Option<string?>("--platform") { Description = "Only this platform (id or alias, e.g. WA)." };
        var metric = new Option<string?>("--metric") { Description = "Only this metric (e.g. monthly_active_users)." };
        var validAt = CommonOptions.ValidAt();
        var ledgerAsOf = CommonOptions.LedgerAsOf();
        var json = CommonOptions.Json();
        var command = new Command("figures", "Current figure per platform and metric, with supporting claims and conflicts.") { platform, metric, validAt, ledgerAsOf, json };
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var platformId = await ResolvePlatformAsync(services, parse.GetValue(platform), ct);
            var figures = await services.GetRequiredService<LedgerQueries>().GetFiguresAsync(
                new FigureQuery(platformId, parse.GetValue(metric), CommonOptions.ParseDate(parse.GetValue(validAt)), CommonOptions.ParseLedgerTime(parse.GetValue(ledgerAsOf))), ct);
            if (parse.GetValue(json))
            {
                CliOutput.Json(figures);
                return ExitCodes.Ok;
            }

            var table = CliOutput.Table("Platform", "Metric", "Value", "Qualifier", "As of", "Source", "Supporting", "Conflicts", "Forecasts");
            foreach (var f in figures)
            {
                table.AddRow(CliOutput.Escape(f.Platform), CliOutput.Escape(f.Metric), CliOutput.Compact(f.Value), CliOutput.Qualifier(f.Qualifier),
                    CliOutput.Escape(f.AsOf.ToString()), CliOutput.Escape(f.SourceId), f.SupportingTotal.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    f.ConflictsTotal > 0 ? $"[red]{f.ConflictsTotal}[/]" : "0", f.ForecastsTotal.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            CliOutput.Write(table);
            if (figures.Any(f => f.SupportingTotal > f.Supporting.Count || f.ConflictsTotal > f.Conflicts.Count || f.CompatibleTotal > f.Compatible.Count
                || f.ForecastsTotal > f.Forecasts.Count || f.ExcludedClaimsTotal > f.ExcludedClaims.Count))
            {
                CliOutput.Line($"[grey]Counts are totals; --json lists the latest {CurrentFigure.MaxListed} claims of each list. 'factledger timeline --platform P --metric M' lists every claim.[/]");
            }
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    public static Command Timeline()
    {
        var platform = new Option<string>("--platform") { Description = "Platform id or alias.", Required = true };
        var metric = new Option<string>("--metric") { Description = "Metric id.", Required = true };
        var ledgerAsOf = CommonOptions.LedgerAsOf();
        var json = CommonOptions.Json();
        var command = new Command("timeline", "Every claim about one platform and metric, in as-of order, with its status.") { platform, metric, ledgerAsOf, json };
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var platformId = await ResolvePlatformAsync(services, parse.GetValue(platform), ct) ?? "";
            var entries = await services.GetRequiredService<LedgerQueries>().GetTimelineAsync(platformId, parse.GetValue(metric)!, CommonOptions.ParseLedgerTime(parse.GetValue(ledgerAsOf)), ct);
            if (parse.GetValue(json))
            {
                CliOutput.Json(entries);
                return ExitCodes.Ok;
            }

            var table = CliOutput.Table("As of", "Value", "Qualifier", "Status", "Verdict", "Claim", "Source");
            foreach (var e in entries)
            {
                var struck = e.Excluded is not null;
                table.AddRow(CliOutput.Escape(e.AsOf.ToString()), struck ? $"[strikethrough]{CliOutput.Compact(e.Value)}[/]" : CliOutput.Compact(e.Value),
                    CliOutput.Qualifier(e.Qualifier), e.Status.ToString().ToLowerInvariant(), e.LatestVerdict?.ToString().ToLowerInvariant() ?? "",
                    CliOutput.Escape(e.ClaimId), CliOutput.Escape(e.SourceTitle));
            }

            CliOutput.Write(table);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    public static Command Trail()
    {
        var claimId = new Argument<string>("claim-id") { Description = "The claim whose provenance to show." };
        var ledgerAsOf = CommonOptions.LedgerAsOf();
        var json = CommonOptions.Json();
        var command = new Command("trail", "A claim's provenance: source, quote in context, attribution, and every correction, review and retraction.") { claimId, ledgerAsOf, json };
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var id = parse.GetValue(claimId)!;
            var trail = await services.GetRequiredService<LedgerQueries>().GetTrailAsync(id, CommonOptions.ParseLedgerTime(parse.GetValue(ledgerAsOf)), ct)
                ?? throw new NotFoundException($"No claim '{id}' in the ledger{(parse.GetValue(ledgerAsOf) is { } t ? $" as of {t}" : "")}.");
            if (parse.GetValue(json))
            {
                CliOutput.Json(trail);
                return ExitCodes.Ok;
            }

            var c = trail.Claim;
            CliOutput.Line($"[bold]{CliOutput.Escape(c.ClaimId)}[/]: {CliOutput.Escape(c.Platform)} {CliOutput.Escape(c.Metric)} = {CliOutput.Compact(c.Value)} ({CliOutput.Qualifier(c.Qualifier)}, as of {CliOutput.Escape(c.AsOf.ToString())}) — {trail.Status.ToString().ToLowerInvariant()}{(trail.LatestVerdict is { } v ? $", rated {v.ToString().ToLowerInvariant()}" : "")}");
            CliOutput.Line($"Source: {CliOutput.Escape(trail.Source.Title)} — {CliOutput.Escape(trail.Source.Publisher ?? "publisher unknown")}, published {CliOutput.Escape(trail.Source.Published.ToString())} ({trail.Source.PublishedPrecision.ToString().ToLowerInvariant()} precision), language {CliOutput.Escape(trail.Source.Language)}");
            CliOutput.Line($"Attribution: {CliOutput.Escape(string.Join(" → ", trail.Attribution.Select(a => a.Name)))}");
            var q = trail.Quote;
            CliOutput.Line($"Quote: …{CliOutput.Escape(q.Context[..q.QuoteStart])}[yellow]{CliOutput.Escape(q.Context[q.QuoteStart..q.QuoteEnd])}[/]{CliOutput.Escape(q.Context[q.QuoteEnd..])}…");
            CliOutput.Line($"Recorded {trail.RecordedAt:u} by {CliOutput.Escape(trail.RecordedBy.Name)}");
            var history = CliOutput.Table("Version", "When", "What", "Actor", "Reason", "Changes");
            foreach (var h in trail.History)
            {
                history.AddRow(h.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), h.At.ToString("u", System.Globalization.CultureInfo.InvariantCulture), h.Kind.ToString().ToLowerInvariant(),
                    CliOutput.Escape(h.Actor), CliOutput.Escape(h.Reason), CliOutput.Escape(string.Join("; ", h.Details.Select(d => $"{d.Field}: {d.From} → {d.To}"))));
            }

            CliOutput.Write(history);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    public static Command Sources()
    {
        var json = CommonOptions.Json();
        var command = new Command("sources", "The registered sources (articles) with their claim counts.") { json };
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var sources = await services.GetRequiredService<LedgerQueries>().GetSourcesAsync(ct);
            if (parse.GetValue(json))
            {
                CliOutput.Json(sources);
                return ExitCodes.Ok;
            }

            var table = CliOutput.Table("Source", "Title", "Publisher", "Published", "Language", "Claims");
            foreach (var s in sources)
            {
                table.AddRow(CliOutput.Escape(s.SourceId), CliOutput.Escape(s.Title), CliOutput.Escape(s.Publisher ?? "unknown"), CliOutput.Escape(s.Published ?? "unknown"),
                    CliOutput.Escape(s.Language), s.ClaimCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            CliOutput.Write(table);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>Aliases ("WA") resolve to catalog ids; an unknown platform is an error, never an empty answer.</summary>
    internal static async Task<string?> ResolvePlatformAsync(IServiceProvider services, string? platform, CancellationToken cancellationToken)
    {
        if (platform is null)
        {
            return null;
        }

        var (catalog, _) = await services.GetRequiredService<CatalogProvider>().GetAsync(cancellationToken);
        return catalog.FindPlatform(platform)?.Id
            ?? throw new NotFoundException($"Unknown platform '{platform}'. Known: {string.Join(", ", catalog.Platforms.Select(p => p.Id))}.");
    }
}
