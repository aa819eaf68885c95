using System.CommandLine;
using FactLedger.Api;
using FactLedger.EventStore;
using FactLedger.EventStore.Embedded;
using FactLedger.Ledger.Application;
using FactLedger.Ledger.Hosting;
using FactLedger.Ledger.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FactLedger.Cli.Commands;

/// <summary>serve and start: the web app (API, pages, projection daemon) on the resolved database.</summary>
public static class ServeCommands
{
    private const string DefaultUrls = "http://127.0.0.1:5080";

    public static Command Serve()
    {
        var urls = Urls();
        var command = new Command("serve", "Serve the HTTP API, the pages and the projection daemon.") { urls };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(urls)!, seeds: null, cancellationToken));
        return command;
    }

    public static Command Start()
    {
        var urls = Urls();
        var seeds = new Option<DirectoryInfo>("--seeds") { Description = "The seed folder to ingest first.", DefaultValueFactory = _ => new DirectoryInfo("seeds") };
        var command = new Command("start", "The main job: migrate, ingest the seeds, then serve the API and pages.") { urls, seeds };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(urls)!, parse.GetValue(seeds), cancellationToken));
        return command;
    }

    private static Option<string> Urls() => new("--urls")
    {
        Description = $"Where to listen (default {DefaultUrls}).",
        DefaultValueFactory = _ => DefaultUrls,
    };

    private static async Task<int> RunAsync(string urls, DirectoryInfo? seeds, CancellationToken cancellationToken)
    {
        try
        {
            await using var database = await FactLedgerDatabase.ResolveAsync(Directory.GetCurrentDirectory(), cancellationToken);
            if (seeds is not null)
            {
                await IngestAsync(database.ConnectionString, seeds, cancellationToken);
            }

            await using var app = FactLedgerApi.BuildApp(["--urls", urls], new FactLedgerOptions { ConnectionString = database.ConnectionString, RunProjectionDaemon = true });
            app.Lifetime.ApplicationStarted.Register(() =>
                Console.Out.WriteLine($"FactLedger is serving on {urls}: pages at /, API under /api, OpenAPI at /openapi/v1.json, Swagger UI at /docs. Ctrl+C stops."));
            await app.StartAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Ok;
        }
        catch (Exception error)
        {
            return CliHost.Report(error);
        }
    }

    private static async Task IngestAsync(string connectionString, DirectoryInfo seeds, CancellationToken cancellationToken)
    {
        if (!seeds.Exists)
        {
            throw new DirectoryNotFoundException($"Seed folder '{seeds.FullName}' does not exist.");
        }

        await using var services = new ServiceCollection().AddFactLedger(new FactLedgerOptions { ConnectionString = connectionString }).BuildServiceProvider();
        await LedgerStoreFactory.MigrateAsync(services.GetRequiredService<PostgresEventStore>(), cancellationToken);
        var result = await services.GetRequiredService<SeedImporter>().ImportAsync(seeds.FullName, dryRun: false, cancellationToken: cancellationToken);
        Console.Out.WriteLine(result.UpToDate
            ? $"Seeds in {seeds.FullName}: the ledger already has everything."
            : $"Seeds in {seeds.FullName}: appended {result.Appended} events.");
    }
}
