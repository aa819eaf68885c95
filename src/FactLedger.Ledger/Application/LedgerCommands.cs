using FactLedger.EventStore;
using FactLedger.EventStore.Events;
using FactLedger.Ledger.Catalog;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Sources;

namespace FactLedger.Ledger.Application;

/// <summary>Who is acting and how: the metadata every event carries, plus the caller's concurrency and retry intent.</summary>
/// <param name="ExpectedVersion">The stream version the caller last saw (HTTP If-Match); null trusts the current one.</param>
/// <param name="IdempotencyKey">A client's key for a retried request: the same key from the same actor never appends twice.</param>
public sealed record CommandContext(string Actor, string? Reason = null, int? ExpectedVersion = null, string? IdempotencyKey = null, Guid? CorrelationId = null);

/// <param name="WasDuplicate">The request was a retry; nothing new was appended and this is the original result.</param>
public sealed record CommandResult(string StreamId, int Version, long Position, DateTimeOffset RecordedAt, bool WasDuplicate);

/// <summary>
/// Runs the ledger's commands: load the stream, decide with the pure handler, append with the version that was
/// read. Nothing is appended when a handler rejects the command.
/// </summary>
public sealed class LedgerCommands(PostgresEventStore store, CatalogProvider catalogs)
{
    public async Task<CommandResult> RegisterSourceAsync(RegisterSource command, CommandContext context, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(Source.StreamId(command.SourceId ?? ""), "source", context, context.Reason, cancellationToken, async () =>
        {
            var existing = await LoadSourceAsync(command.SourceId ?? "", cancellationToken);
            return (existing.Version, (object)RegisterSourceHandler.Decide(command, existing.State));
        });

    public async Task<CommandResult> CorrectSourceMetadataAsync(CorrectSourceMetadata command, CommandContext context, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(Source.StreamId(command.SourceId), "source", context, command.Reason, cancellationToken, async () =>
        {
            var source = await LoadSourceAsync(command.SourceId, cancellationToken);
            return (source.Version, (object)CorrectSourceMetadataHandler.Decide(command, source.State));
        });

    public async Task<CommandResult> AssertClaimAsync(AssertClaim command, CommandContext context, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(Claim.StreamId(command.ClaimId ?? ""), "claim", context, context.Reason, cancellationToken, async () =>
        {
            var existing = await LoadClaimAsync(command.ClaimId ?? "", cancellationToken);
            var source = await LoadSourceAsync(command.SourceId ?? "", cancellationToken);
            var (catalog, _) = await catalogs.GetAsync(cancellationToken);
            return (existing.Version, (object)AssertClaimHandler.Decide(command, existing.State, source.State, catalog));
        });

    public async Task<CommandResult> CorrectClaimAsync(CorrectClaim command, CommandContext context, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(Claim.StreamId(command.ClaimId), "claim", context, command.Reason, cancellationToken, async () =>
        {
            var claim = await LoadClaimAsync(command.ClaimId, cancellationToken);
            var source = claim.State is null ? null : (await LoadSourceAsync(claim.State.SourceId, cancellationToken)).State;
            var (catalog, _) = await catalogs.GetAsync(cancellationToken);
            return (claim.Version, (object)CorrectClaimHandler.Decide(command, claim.State, source, catalog));
        });

    public async Task<CommandResult> ReviewClaimAsync(ReviewClaim command, CommandContext context, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(Claim.StreamId(command.ClaimId), "claim", context, command.Rationale, cancellationToken, async () =>
        {
            var claim = await LoadClaimAsync(command.ClaimId, cancellationToken);
            return (claim.Version, (object)ReviewClaimHandler.Decide(command, claim.State));
        });

    public async Task<CommandResult> RetractClaimAsync(RetractClaim command, CommandContext context, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(Claim.StreamId(command.ClaimId), "claim", context, command.Reason, cancellationToken, async () =>
        {
            var claim = await LoadClaimAsync(command.ClaimId, cancellationToken);
            return (claim.Version, (object)RetractClaimHandler.Decide(command, claim.State));
        });

    public Task<CommandResult> AddPlatformAsync(AddPlatform command, CommandContext context, CancellationToken cancellationToken = default) =>
        ExtendCatalogAsync(context, command.Reason, catalog => ExtendCatalog.Decide(command, catalog), cancellationToken);

    public Task<CommandResult> AddPlatformAliasAsync(AddPlatformAlias command, CommandContext context, CancellationToken cancellationToken = default) =>
        ExtendCatalogAsync(context, command.Reason, catalog => ExtendCatalog.Decide(command, catalog), cancellationToken);

    public Task<CommandResult> AddMetricAsync(AddMetric command, CommandContext context, CancellationToken cancellationToken = default) =>
        ExtendCatalogAsync(context, command.Reason, catalog => ExtendCatalog.Decide(command, catalog), cancellationToken);

    private Task<CommandResult> ExtendCatalogAsync(CommandContext context, string? reason, Func<PlatformCatalog, object> decide, CancellationToken cancellationToken) =>
        ExecuteAsync(ExtendCatalog.StreamId, "catalog", context, reason, cancellationToken, async () =>
        {
            var (catalog, version) = await catalogs.GetAsync(cancellationToken);
            return (version, decide(catalog));
        });

    public async Task<Aggregate<Source?>> LoadSourceAsync(string sourceId, CancellationToken cancellationToken) =>
        await store.AggregateAsync(Source.StreamId(sourceId), (Source?)null, Source.Evolve, cancellationToken: cancellationToken);

    public async Task<Aggregate<Claim?>> LoadClaimAsync(string claimId, CancellationToken cancellationToken) =>
        await store.AggregateAsync(Claim.StreamId(claimId), (Claim?)null, Claim.Evolve, cancellationToken: cancellationToken);

    private async Task<CommandResult> ExecuteAsync(string streamId, string streamType, CommandContext context, string? reason,
        CancellationToken cancellationToken, Func<Task<(int Version, object Event)>> decide)
    {
        var eventId = context.IdempotencyKey is { } key
            ? Digest.NameBasedGuid(Digest.EventIdNamespace, $"idempotency|{context.Actor}|{key}")
            : Guid.CreateVersion7();
        if (context.IdempotencyKey is not null && await store.ReadEventAsync(eventId, cancellationToken) is { } original)
        {
            return new CommandResult(original.StreamId, original.StreamVersion, original.Position, original.RecordedAt, WasDuplicate: true);
        }

        var (version, @event) = await decide();
        if (context.ExpectedVersion is { } expected && expected != version)
        {
            throw new ConcurrencyException(streamId, ExpectedVersion.Exact(Math.Max(expected, 1)), version);
        }

        var metadata = new EventMetadata
        {
            Actor = context.Actor,
            Reason = context.Reason ?? reason,
            CorrelationId = context.CorrelationId,
            IdempotencyKey = context.IdempotencyKey,
        };
        var result = await store.AppendAsync(streamId, streamType, version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exact(version),
            [new NewEvent(@event, metadata, eventId)], cancellationToken);
        return new CommandResult(streamId, result.Version, result.LastPosition, result.RecordedAt, result.WasDuplicate);
    }
}
