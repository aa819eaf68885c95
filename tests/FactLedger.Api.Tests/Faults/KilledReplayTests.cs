using System.Diagnostics;
using System.Text;
using FactLedger.Ledger.Persistence;
using FactLedger.Testing;
using Xunit.Abstractions;

namespace FactLedger.Api.Tests.Faults;

/// <summary>
/// Issue 7 (faults): a <c>factledger replay</c> killed with SIGKILL while it builds its aside tables leaves the read
/// models as they were, and the next replay completes to exactly the clean state.
/// </summary>
public sealed class KilledReplayTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int BulkClaims = 10_000;
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateDatabaseAsync("killreplay");

    public Task DisposeAsync() => _connectionString.Length > 0 ? TestPostgres.DropDatabaseAsync(_connectionString) : Task.CompletedTask;

    [Fact]
    public async Task A_replay_killed_midway_changes_nothing_and_the_next_one_rebuilds_the_clean_state()
    {
        var stopwatch = Stopwatch.StartNew();
        await FaultLedger.RunCliAsync(_connectionString, "ingest", RepositoryPaths.Seeds);
        output.WriteLine($"ingested in {stopwatch.Elapsed}");
        await using (var store = LedgerStoreFactory.Create(_connectionString))
        {
            await FaultLedger.BulkLoadClaimsAsync(store, BulkClaims, applyInlineProjections: true);
        }

        // The inline projections kept sources and claims current while loading; figures lag (no daemon) and stay as they are.
        var clean = await FaultLedger.SnapshotAsync(_connectionString);
        output.WriteLine($"bulk loaded in {stopwatch.Elapsed}");

        var log = new StringBuilder();
        var replay = FaultLedger.StartCli(_connectionString, log, "replay", "--projection", "claims");
        var building = Stopwatch.StartNew();
        while (await FaultLedger.ScalarAsync(_connectionString, "SELECT count(*) FROM pg_tables WHERE schemaname = 'ledger_read' AND tablename = 'claims_rebuild'") == 0)
        {
            Assert.False(replay.HasExited, $"The replay finished before it could be killed; load more events. {log}");
            Assert.True(building.Elapsed < TimeSpan.FromSeconds(20), "The replay never started building claims.");
            await Task.Delay(10);
        }

        await Task.Delay(200);
        Assert.False(replay.HasExited, $"The replay finished before it could be killed; load more events. {log}");
        replay.Kill(entireProcessTree: true);
        await replay.WaitForExitAsync();
        replay.Dispose();
        output.WriteLine($"killed after {building.Elapsed} of building");

        Assert.Equal(clean, await FaultLedger.SnapshotAsync(_connectionString));

        await FaultLedger.RunCliAsync(_connectionString, "replay", "--projection", "claims");

        Assert.Equal(clean, await FaultLedger.SnapshotAsync(_connectionString));
        Assert.Equal(BulkClaims + SeedClaimCount(), await FaultLedger.ScalarAsync(_connectionString, "SELECT count(*) FROM ledger_read.claims"));
        Assert.Equal(0, await FaultLedger.ScalarAsync(_connectionString,
            "SELECT count(*) FROM ledger_read.claims c JOIN ledger.streams s ON s.stream_id = 'claim-' || c.claim_id WHERE c.version <> s.version"));
        Assert.Equal(0, await FaultLedger.ScalarAsync(_connectionString,
            "SELECT count(*) FROM ledger.streams s WHERE s.stream_type = 'claim' AND NOT EXISTS (SELECT 1 FROM ledger_read.claims c WHERE 'claim-' || c.claim_id = s.stream_id)"));
        await FaultLedger.RunCliAsync(_connectionString, "verify");
        output.WriteLine($"whole test {stopwatch.Elapsed}");
    }

    private static int SeedClaimCount() => Infrastructure.SeedCorpus.Claims.Count;
}
