using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Extraction;

namespace FactLedger.Ledger.Application;

/// <summary>Proposes candidate claims for a registered source, and asserts the ones a fact-checker accepts.</summary>
public sealed class CandidateService(LedgerQueries queries, LedgerCommands commands, CatalogProvider catalogs)
{
    private (int CatalogVersion, ClaimExtractor Extractor)? _extractor;

    /// <summary>The candidates for a registered source, or null when there is no such source.</summary>
    public async Task<ExtractionResult?> ProposeAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        var source = await queries.GetSourceStateAsync(sourceId, cancellationToken);
        if (source is null)
        {
            return null;
        }

        var extractor = await ExtractorAsync(cancellationToken);
        return extractor.Extract(new ExtractionRequest(source.Text, source.Language, source.Published.IsKnown ? source.Published : null));
    }

    /// <summary>
    /// Asserts an accepted candidate (with the checker's edits): the extractor and its version are the recorder, the
    /// accepting fact-checker (the context's actor) the actor. All the usual claim validation applies.
    /// </summary>
    public Task<CommandResult> AcceptAsync(AssertClaim accepted, CommandContext context, CancellationToken cancellationToken = default) =>
        commands.AssertClaimAsync(accepted with { RecordedBy = CandidateClaims.Recorder }, context with { Reason = context.Reason ?? "accepted extractor candidate" }, cancellationToken);

    public async Task<ClaimExtractor> ExtractorAsync(CancellationToken cancellationToken = default)
    {
        var (catalog, version) = await catalogs.GetAsync(cancellationToken);
        if (_extractor is { } cached && cached.CatalogVersion == version)
        {
            return cached.Extractor;
        }

        var extractor = new ClaimExtractor(catalog);
        _extractor = (version, extractor);
        return extractor;
    }
}
