using FactLedger.Api.Problems;
using FactLedger.EventStore.Projections;
using FactLedger.Ledger.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FactLedger.Api.Apis;

/// <param name="Status">healthy, or unhealthy when the database cannot be reached.</param>
public sealed record HealthReport(string Status, DatabaseHealth Database, DaemonHealth Daemon, IReadOnlyList<ProjectionHealth> Projections);

public sealed record DatabaseHealth(bool Reachable, string? Error);

/// <param name="RunsHere">This process takes part in the daemon's leader election.</param>
/// <param name="IsLeader">This process is the one sealing the feed and running async projections.</param>
public sealed record DaemonHealth(bool RunsHere, bool IsLeader);

/// <param name="Lag">Sealed events the projection has not applied yet.</param>
public sealed record ProjectionHealth(string Name, long Checkpoint, long FeedHead, long Lag);

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", GetHealth)
            .WithTags("Health")
            .WithName("GetHealth")
            .WithSummary("Database reachability, daemon leadership and projection lag")
            .Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> GetHealth(
        ProjectionDaemon daemon, FactLedgerOptions options, CancellationToken cancellationToken)
    {
        var daemonHealth = new DaemonHealth(options.RunProjectionDaemon, daemon.IsLeader);
        try
        {
            var statuses = await daemon.GetStatusAsync(cancellationToken);
            return TypedResults.Ok(new HealthReport("healthy", new DatabaseHealth(true, null), daemonHealth,
                [.. statuses.Select(s => new ProjectionHealth(s.Name, s.Checkpoint, s.FeedHead, s.Lag))]));
        }
        catch (Exception ex) when (ApiExceptionHandler.IsDatabaseUnavailable(ex))
        {
            return TypedResults.Json(new HealthReport("unhealthy", new DatabaseHealth(false, "The database cannot be reached."), daemonHealth, []),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
