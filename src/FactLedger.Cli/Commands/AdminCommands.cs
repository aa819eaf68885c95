using System.CommandLine;
using FactLedger.Cli.Output;
using FactLedger.EventStore;
using FactLedger.EventStore.Projections;
using FactLedger.Ledger.Application;
using FactLedger.Ledger.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace FactLedger.Cli.Commands;

/// <summary>db migrate, ingest, replay, verify: the admin's commands.</summary>
public static class AdminCommands
{
    public static Command Db()
    {
        var migrate = new Command("migrate", "Apply the numbered schema migrations (safe to run again).");
        migrate.SetAction((_, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            // CliHost has already migrated; running again reports the state and proves it is idempotent.
            var report = await LedgerStoreFactory.MigrateAsync(services.GetRequiredService<PostgresEventStore>(), ct);
            CliOutput.Line($"Schema up to date ({report.AlreadyApplied} migrations applied{(report.Applied.Count > 0 ? $", {report.Applied.Count} new" : "")}).");
            return ExitCodes.Ok;
        }, cancellationToken));
        return new Command("db", "Database administration.") { migrate };
    }

    public static Command Ingest()
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "A seed folder: articles (*.txt) with *.source.json and *.claims.json." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate and show what would be appended; append nothing." };
        var actor = CommonOptions.Actor();
        var command = new Command("ingest", "Validate a seed folder, then append what the ledger lacks, all or nothing.") { folder, dryRun, actor };
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var directory = parse.GetValue(folder)!;
            if (!directory.Exists)
            {
                throw new DirectoryNotFoundException($"Seed folder '{directory.FullName}' does not exist.");
            }

            var result = await services.GetRequiredService<SeedImporter>().ImportAsync(directory.FullName, parse.GetValue(dryRun), parse.GetValue(actor)!, ct);
            foreach (var line in result.Plan.Describe())
            {
                Console.Out.WriteLine((result.DryRun ? "would append: " : "appended: ") + line);
            }

            Console.Out.WriteLine(result switch
            {
                { UpToDate: true } => "Nothing to append: the ledger already has everything in this folder.",
                { DryRun: true } => $"Dry run: {result.Plan.Events.Count()} events would be appended; nothing was written.",
                _ => $"Appended {result.Appended} events.",
            });
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    public static Command Replay()
    {
        var projection = new Option<string?>("--projection") { Description = $"Rebuild only this projection ({string.Join(", ", ProjectionRebuilder.Names)}); default all." };
        projection.AcceptOnlyFromAmong([.. ProjectionRebuilder.Names]);
        var command = new Command("replay", "Rebuild projections from the event log aside, then swap them in; readers keep the old data meanwhile.") { projection };
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var rebuilder = services.GetRequiredService<ProjectionRebuilder>();
            await AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var tasks = new Dictionary<string, ProgressTask>();
                    var progress = new SynchronousProgress<RebuildProgress>(p =>
                    {
                        if (!tasks.TryGetValue(p.Projection, out var task))
                        {
                            task = tasks[p.Projection] = context.AddTask(p.Projection, maxValue: 1);
                        }

                        task.Description = $"{p.Projection}: {p.Phase} ({p.EventsProcessed:N0}/{p.EventsTotal:N0})";
                        task.Value = p.Fraction;
                    });
                    await rebuilder.RebuildAsync(parse.GetValue(projection), progress, ct);
                });
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    public static Command Verify()
    {
        var json = CommonOptions.Json();
        var command = new Command("verify", "Recompute both hash chains; exit non-zero with the first broken position if anything was tampered with.") { json };
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var store = services.GetRequiredService<PostgresEventStore>();
            var report = await store.VerifyAsync(ct);
            if (parse.GetValue(json))
            {
                CliOutput.Json(new { report.IsIntact, report.FirstBrokenPosition, report.EventsChecked, report.FeedEntriesChecked, report.UnsealedEvents, report.Problems });
            }
            else if (report.IsIntact)
            {
                Console.Out.WriteLine($"Intact: {report.EventsChecked} events and {report.FeedEntriesChecked} feed entries verified ({report.UnsealedEvents} not yet sealed).");
            }
            else
            {
                Console.Out.WriteLine($"BROKEN at position {report.FirstBrokenPosition}:");
                foreach (var problem in report.Problems.Take(20))
                {
                    Console.Out.WriteLine($"  position {problem.Position} ({problem.StreamId}): {problem.Kind}: {problem.Detail}");
                }
            }

            return report.IsIntact ? ExitCodes.Ok : ExitCodes.IntegrityBroken;
        }, cancellationToken));
        return command;
    }

    /// <summary>Reports on the caller's thread: Spectre's live display is not thread-safe.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
