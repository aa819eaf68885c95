using System.CommandLine;
using System.Globalization;
using FactLedger.Cli.Output;
using FactLedger.Ledger.Catalog;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Extraction;
using FactLedger.Ledger.Seeds;
using Spectre.Console;

namespace FactLedger.Cli.Commands;

/// <summary>extract and evaluate-extractor: propose claims from an article, and measure how well that works.</summary>
public static class ExtractCommands
{
    public static Command Extract()
    {
        var file = new Argument<FileInfo>("file") { Description = "The article as plain UTF-8 text." };
        var language = new Option<string?>("--language") { Description = "ISO 639-1 code (id, ms, fr, en); detected when omitted." };
        var published = new Option<string?>("--published") { Description = "Publication date YYYY-MM-DD; looked for in the text when omitted." };
        var json = CommonOptions.Json();
        var claimsFile = new Option<FileInfo?>("--claims-file") { Description = "Also write the candidates as a seed claims file to accept (edit, delete) and ingest." };
        var sourceId = new Option<string?>("--source-id") { Description = "The source id the claims file names (required with --claims-file)." };
        var command = new Command("extract", "Propose candidate claims from an article (deterministic rules; no network).") { file, language, published, json, claimsFile, sourceId };
        command.SetAction(parse =>
        {
            try
            {
                var article = parse.GetValue(file)!;
                if (!article.Exists)
                {
                    throw new FileNotFoundException($"No article at '{article.FullName}'.");
                }

                PartialDate? date = null;
                if (parse.GetValue(published) is { } text)
                {
                    date = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                        ? new PartialDate(day, DatePrecision.Day)
                        : throw new FormatException($"--published '{text}' is not a date of the form YYYY-MM-DD.");
                }

                if (parse.GetValue(claimsFile) is not null && string.IsNullOrWhiteSpace(parse.GetValue(sourceId)))
                {
                    throw new ArgumentException("--claims-file needs --source-id: the claims must name their source.");
                }

                // Recorded catalog extensions live in the ledger; extraction works offline with the shipped catalog.
                var result = new ClaimExtractor(PlatformCatalog.BuiltIn).Extract(new ExtractionRequest(File.ReadAllText(article.FullName), parse.GetValue(language), date));
                if (parse.GetValue(claimsFile) is { } output)
                {
                    File.WriteAllText(output.FullName, CandidateClaims.ToClaimsFile(parse.GetValue(sourceId)!, result.Candidates));
                    Console.Error.WriteLine($"Wrote {result.Candidates.Count} candidates to {output.FullName}.");
                }

                if (parse.GetValue(json))
                {
                    CliOutput.Json(result.Candidates.Select(c => new
                    {
                        c.Platform, c.Metric, c.Value, c.Qualifier, c.AsOf, c.AttributedTo, c.Quote, c.Start, c.End, c.Confidence, c.Cues, c.Mentions,
                    }));
                    return ExitCodes.Ok;
                }

                CliOutput.Line($"Language {result.Language}{(result.LanguageDetected ? " (detected)" : "")}, published {result.Published}{(result.PublishedDetected ? " (found in the text)" : "")}: {result.Candidates.Count} candidates, {result.VagueAmounts.Count} vague amounts.");
                var table = CliOutput.Table("Platform", "Metric", "Value", "Qualifier", "As of", "Attributed to", "Quote", "Conf.");
                foreach (var c in result.Candidates)
                {
                    table.AddRow(CliOutput.Escape(c.Platform), CliOutput.Escape(c.Metric), CliOutput.Compact(c.Value), CliOutput.Escape(c.Qualifier),
                        CliOutput.Escape(c.AsOf.Date + (c.AsOf.Assumed ? " (assumed)" : "")), CliOutput.Escape(string.Join(" → ", c.AttributedTo)),
                        CliOutput.Escape($"[{c.Start}..{c.End}] {c.Quote}"), c.Confidence.ToString("0.00", CultureInfo.InvariantCulture));
                }

                CliOutput.Write(table);
                foreach (var vague in result.VagueAmounts)
                {
                    CliOutput.Line($"vague, not a number: [grey]{CliOutput.Escape(vague.Text)}[/] at {vague.Start}");
                }

                return ExitCodes.Ok;
            }
            catch (Exception error)
            {
                return CliHost.Report(error);
            }
        });
        return command;
    }

    public static Command Evaluate()
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "A curated seed folder to score against (default: seeds).", DefaultValueFactory = _ => new DirectoryInfo("seeds") };
        var command = new Command("evaluate-extractor", "Run the extractor over a curated seed folder: precision and recall per language.") { folder };
        command.SetAction(parse =>
        {
            try
            {
                var seeds = SeedFolder.Load(parse.GetValue(folder)!.FullName);
                var report = SeedEvaluation.Evaluate(new ClaimExtractor(PlatformCatalog.BuiltIn), seeds);
                var table = CliOutput.Table("Language", "Found", "Wrong", "Missed", "Precision", "Recall");
                foreach (var score in report.Languages.Append(report.Overall))
                {
                    table.AddRow(score.Language, score.TruePositives.ToString(CultureInfo.InvariantCulture), score.FalsePositives.ToString(CultureInfo.InvariantCulture),
                        score.FalseNegatives.ToString(CultureInfo.InvariantCulture), score.Precision.ToString("0.00", CultureInfo.InvariantCulture), score.Recall.ToString("0.00", CultureInfo.InvariantCulture));
                }

                CliOutput.Write(table);
                foreach (var miss in report.Misses)
                {
                    Console.Out.WriteLine("missed: " + miss);
                }

                foreach (var wrong in report.FalsePositives)
                {
                    Console.Out.WriteLine("wrong: " + wrong);
                }

                return ExitCodes.Ok;
            }
            catch (Exception error)
            {
                return CliHost.Report(error);
            }
        });
        return command;
    }
}
