using System.Collections.Concurrent;
using System.Diagnostics;
using FactLedger.EventStore.Events;
using FactLedger.Ledger.Application;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Sources;

namespace FactLedger.Ledger.Tests.Integration;

/// <summary>
/// Source corrections and claim writes racing each other through the inline projections: every claim row must end up
/// showing its source as last corrected, never as a concurrent claim append read it before the correction committed.
/// </summary>
public sealed class SourceCorrectionRaceTests : IAsyncLifetime
{
    private const string Text = "Telegram now has 100 million monthly active users, the company said.";
    private const string Quoted = "100 million monthly active users";

    /// <summary>
    /// Writers move on to fresh sources every round: any later correction of a source repairs the claim rows a race
    /// left stale, so only a source's last correction can show the race, and each round ends with a few of those.
    /// </summary>
    private static readonly TimeSpan Round = TimeSpan.FromMilliseconds(250);
    private const int Rounds = 12;
    private const int SourcesPerRound = 3;
    private readonly EmptyLedger _ledger = new();

    public Task InitializeAsync() => _ledger.InitializeAsync();

    public Task DisposeAsync() => _ledger.DisposeAsync();

    private static CommandContext Writer => new("race-writer@example.org");

    [Fact]
    public async Task Claims_written_while_their_sources_are_corrected_show_the_sources_final_metadata()
    {
        var sourceIds = Enumerable.Range(0, Rounds * SourcesPerRound).Select(i => $"race-source-{i}").ToArray();
        foreach (var sourceId in sourceIds)
        {
            await _ledger.Commands.RegisterSourceAsync(
                new RegisterSource(sourceId, $"{sourceId} as registered", "Race Daily", null, null, "en", PartialDate.Day(2020, 1, 1), null, Text, null, null), Writer);
        }

        var claimsBySource = sourceIds.ToDictionary(id => id, _ => new List<string>(), StringComparer.Ordinal);
        var failures = new ConcurrentQueue<Exception>();
        var sourceCorrections = 0;
        var claimWrites = 0;
        var nextNumber = 0;
        var clock = Stopwatch.StartNew();

        string? CurrentSource()
        {
            var round = (int)(clock.Elapsed / Round);
            return round < Rounds ? sourceIds[(round * SourcesPerRound) + Random.Shared.Next(SourcesPerRound)] : null;
        }

        async Task CorrectSourceAsync(string sourceId)
        {
            var number = Interlocked.Increment(ref nextNumber);
            var changes = new SourceMetadataChanges(Title: $"{sourceId} as corrected by correction {number}", Published: PartialDate.Day(2020, 2, 1 + (number % 28)));
            await _ledger.Commands.CorrectSourceMetadataAsync(new CorrectSourceMetadata(sourceId, changes, "Racing claim writers"), Writer);
            Interlocked.Increment(ref sourceCorrections);
        }

        async Task WriteClaimAsync(string sourceId)
        {
            var number = Interlocked.Increment(ref nextNumber);
            var claims = claimsBySource[sourceId];
            string? existing;
            lock (claims)
            {
                existing = number % 3 == 0 || claims.Count == 0 ? null : claims[Random.Shared.Next(claims.Count)];
            }

            if (existing is null)
            {
                var claimId = $"{sourceId}.claim-{number}";
                await _ledger.Commands.AssertClaimAsync(AssertMau(claimId, sourceId), Writer);
                lock (claims)
                {
                    claims.Add(claimId);
                }
            }
            else if (number % 3 == 1)
            {
                await _ledger.Commands.CorrectClaimAsync(new CorrectClaim(existing, new ClaimChanges(Value: 100_000_000m + number), "Racing source corrections"), Writer);
            }
            else
            {
                await _ledger.Commands.ReviewClaimAsync(new ReviewClaim(existing, Verdict.Supported, "Racing source corrections", "race-reviewer"), Writer);
            }

            Interlocked.Increment(ref claimWrites);
        }

        async Task RepeatAsync(Func<string, Task> write)
        {
            while (CurrentSource() is { } sourceId)
            {
                try
                {
                    await write(sourceId);
                }
                catch (ConcurrencyException)
                {
                    // Two writers on the same stream: the loser just moves on.
                }
                catch (Exception failure)
                {
                    // A deadlock (40P01) above all: writers must never deadlock, whatever they touch.
                    failures.Enqueue(failure);
                }
            }
        }

        await Task.WhenAll(
            Task.Run(() => RepeatAsync(CorrectSourceAsync)),
            Task.Run(() => RepeatAsync(CorrectSourceAsync)),
            Task.Run(() => RepeatAsync(WriteClaimAsync)),
            Task.Run(() => RepeatAsync(WriteClaimAsync)),
            Task.Run(() => RepeatAsync(WriteClaimAsync)),
            Task.Run(() => RepeatAsync(WriteClaimAsync)));

        Assert.Empty(failures);
        Assert.True(sourceCorrections >= Rounds && claimWrites >= Rounds, $"Too little raced: {sourceCorrections} source corrections, {claimWrites} claim writes.");
        var live = await ClaimRowsAsync();
        await _ledger.Rebuilder.RebuildAsync("claims");
        var rebuilt = await ClaimRowsAsync();
        Assert.Equal(rebuilt.Keys.Order(), live.Keys.Order());
        var stale = live.Where(row => row.Value != rebuilt[row.Key]).Select(row => row.Key).Order().ToList();
        Assert.True(stale.Count == 0,
            $"{stale.Count} of {live.Count} claim rows differ from a rebuild ({sourceCorrections} source corrections, {claimWrites} claim writes): {string.Join(", ", stale)}");
    }

    private static AssertClaim AssertMau(string claimId, string sourceId)
    {
        var start = Text.IndexOf(Quoted, StringComparison.Ordinal);
        return new AssertClaim(claimId, sourceId, "telegram", "monthly_active_users", 100_000_000m, Qualifier.Exact, new AsOf(PartialDate.Unknown),
            [new AttributionLink("Race Daily", AttributionRole.Article)], new QuoteSpan(Quoted, start, start + Quoted.Length), [],
            new Recorder(RecorderKind.Person, "race-recorder"), null);
    }

    /// <summary>Every column of every claim row, by claim id.</summary>
    private async Task<Dictionary<string, string>> ClaimRowsAsync()
    {
        await using var command = _ledger.Store.AdminDataSource.CreateCommand("SELECT claim_id, to_jsonb(c)::text FROM ledger_read.claims c");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = reader.GetString(1);
        }

        return rows;
    }
}
