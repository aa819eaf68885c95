using FactLedger.EventStore;
using FactLedger.EventStore.Projections;
using FactLedger.Ledger.Application;
using FactLedger.Ledger.Figures;
using FactLedger.Ledger.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FactLedger.Ledger.Hosting;

public sealed record FactLedgerOptions
{
    public required string ConnectionString { get; init; }

    /// <summary>The restricted role day-to-day work runs as (see the event store's migration 003).</summary>
    public string? ApplicationRole { get; init; } = "factledger_app";

    /// <summary>Run the projection daemon (sealing + async projections) in this process; one leader is elected among all.</summary>
    public bool RunProjectionDaemon { get; init; }

    public ProjectionDaemonOptions Daemon { get; init; } = new();
}

/// <summary>The one wiring shared by the API, the CLI and the tests.</summary>
public static class FactLedgerServiceCollectionExtensions
{
    public static IServiceCollection AddFactLedger(this IServiceCollection services, FactLedgerOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(_ => LedgerStoreFactory.Create(options.ConnectionString, options.ApplicationRole));
        services.AddSingleton<FiguresProjection>();
        services.AddSingleton(sp => new ProjectionDaemon(sp.GetRequiredService<PostgresEventStore>(), [sp.GetRequiredService<FiguresProjection>()], options.Daemon));
        services.AddSingleton<CatalogProvider>();
        services.AddSingleton<LedgerCommands>();
        services.AddSingleton<LedgerQueries>();
        services.AddSingleton<SeedImporter>();
        services.AddSingleton<ProjectionRebuilder>();
        services.AddSingleton<CandidateService>();
        if (options.RunProjectionDaemon)
        {
            services.AddHostedService<ProjectionDaemonService>();
        }

        return services;
    }
}

/// <summary>Hosts the projection daemon for the lifetime of the process.</summary>
public sealed class ProjectionDaemonService(ProjectionDaemon daemon) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => daemon.RunAsync(stoppingToken);
}
