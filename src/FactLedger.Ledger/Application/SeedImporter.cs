using FactLedger.EventStore;
using FactLedger.EventStore.Append;
using FactLedger.EventStore.Events;
using FactLedger.EventStore.Projections;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Seeds;
using FactLedger.Ledger.Sources;

namespace FactLedger.Ledger.Application;

/// <param name="Plan">What was (or, for a dry run, would be) appended.</param>
/// <param name="Appended">Events actually appended; 0 for a dry run or when the ledger already had everything.</param>
public sealed record SeedImportResult(SeedPlan Plan, int Appended, bool DryRun)
{
    public bool UpToDate => Plan.IsEmpty;
}

/// <summary>
/// Imports a seed folder: validates every file first, plans only what the ledger lacks, then appends the whole plan
/// in one transaction (all or nothing) and brings the projections up to date.
/// </summary>
public sealed class SeedImporter(PostgresEventStore store, LedgerCommands commands, CatalogProvider catalogs, ProjectionDaemon daemon)
{
    public async Task<SeedImportResult> ImportAsync(string folder, bool dryRun, string actor = "seed-import", CancellationToken cancellationToken = default)
    {
        var seeds = SeedFolder.Load(folder);
        var sources = new Dictionary<string, Source>(StringComparer.Ordinal);
        foreach (var sourceId in seeds.Articles.Select(a => a.Source.SourceId).Distinct())
        {
            if ((await commands.LoadSourceAsync(sourceId, cancellationToken)).State is { } source)
            {
                sources[sourceId] = source;
            }
        }

        var claims = new Dictionary<string, Claim>(StringComparer.Ordinal);
        foreach (var claimId in seeds.Claims.Select(c => c.Assert.ClaimId).Distinct())
        {
            if ((await commands.LoadClaimAsync(claimId, cancellationToken)).State is { } claim)
            {
                claims[claimId] = claim;
            }
        }

        var (catalog, _) = await catalogs.GetAsync(cancellationToken);
        var plan = SeedPlan.Create(seeds, sources, claims, catalog, actor);
        if (dryRun || plan.IsEmpty)
        {
            return new SeedImportResult(plan, 0, dryRun);
        }

        var appends = plan.Streams.Select(stream => new StreamAppend(
            stream.StreamId,
            stream.StreamId.StartsWith(ClaimsProjection.StreamPrefix, StringComparison.Ordinal) ? "claim" : "source",
            stream.ExpectedVersion == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exact(stream.ExpectedVersion),
            stream.Events.Select(e => new NewEvent(e.Event, new EventMetadata { Actor = e.Actor, Reason = e.Reason }, e.EventId)).ToArray()))
            .ToArray();
        var results = await store.AppendAsync(appends, cancellationToken);
        await daemon.CatchUpAsync(cancellationToken);
        return new SeedImportResult(plan, results.Where(r => !r.WasDuplicate).Sum(r => r.Positions.Count), dryRun);
    }
}
