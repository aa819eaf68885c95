using FactLedger.Ledger.Catalog;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Sources;

namespace FactLedger.Ledger.Seeds;

/// <param name="EventId">Deterministic (name-based, from the stream, its version and the event's content), so appending
/// the same planned event twice is harmless where the store ignores known event ids.</param>
/// <param name="EventType">The event's stable stored name ("claim-asserted").</param>
/// <param name="Description">One line for <c>--dry-run</c>: "claim-asserted x (telegram monthly_active_users 100000000)".</param>
public sealed record PlannedEvent(Guid EventId, string EventType, object Event, string Actor, string? Reason, string Description);

/// <param name="ExpectedVersion">The stream's version the plan was made against; 0 means the stream must not exist yet.</param>
public sealed record PlannedStream(string StreamId, int ExpectedVersion, IReadOnlyList<PlannedEvent> Events);

/// <summary>
/// What importing a seed folder would append, stream by stream (sources first, then claims, in file order).
/// <para>
/// Idempotency: every seed entry (a source file's metadata, a claim, each correction) has a content digest, and the
/// last event a plan appends to a stream carries the digests of all the entries it accounts for
/// (<c>SeedDigests</c>, folded into <see cref="Source.SeedDigests"/> / <see cref="Claim.SeedDigests"/>). On the next
/// import an entry whose digest the stream already carries is done: nothing is planned for it, so corrections made
/// in the ledger since (through the API) are not overwritten by an unchanged file. A claim whose entry changed
/// (its digest is new) gets one <see cref="ClaimCorrected"/> "seed file edited: &lt;file&gt;" bringing it to the
/// file's claim with all the file's corrections applied; a correction appended to the file is applied as its own
/// <see cref="ClaimCorrected"/> with its own reason and actor. A correction that is new but would change nothing
/// plans nothing (and stays unmarked until a later event carries its digest).
/// </para>
/// </summary>
public sealed record SeedPlan(IReadOnlyList<PlannedStream> Streams, IReadOnlyList<string> Warnings)
{
    public bool IsEmpty => Streams.Count == 0;

    public IEnumerable<PlannedEvent> Events => Streams.SelectMany(s => s.Events);

    /// <summary>The plan as lines for <c>--dry-run</c>, warnings last.</summary>
    public IReadOnlyList<string> Describe() =>
        [.. Events.Select(e => e.Description), .. Warnings.Select(w => $"warning: {w}")];

    /// <summary>
    /// Validates every seed entry against the catalog and the sources' texts (all errors of all files together),
    /// then plans what the ledger lacks. Nothing is planned if anything is invalid.
    /// </summary>
    /// <param name="existingSources">Sources already in the ledger, by source id.</param>
    /// <param name="existingClaims">Claims already in the ledger, by claim id.</param>
    /// <param name="actor">The actor of events the import itself decides (registrations, "seed file edited" corrections).</param>
    /// <exception cref="Common.LedgerValidationException">Any seed entry is invalid; keys are "file:$.json.path".</exception>
    public static SeedPlan Create(
        SeedSet seeds,
        IReadOnlyDictionary<string, Source> existingSources,
        IReadOnlyDictionary<string, Claim> existingClaims,
        PlatformCatalog catalog,
        string actor = "seed-import") =>
        new SeedPlanner(existingSources, existingClaims, catalog, actor).Plan(seeds);
}
