using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Sources;

namespace FactLedger.Ledger.Seeds;

/// <summary>The seed folder, parsed: one entry per <c>NNN_hash.source.json</c>, in file-name order.</summary>
public sealed record SeedSet(IReadOnlyList<SeedArticle> Articles, IReadOnlyList<string> Notices)
{
    public IEnumerable<SeedClaim> Claims => Articles.SelectMany(a => a.Claims);
}

/// <param name="SourceFile">The <c>.source.json</c> file name (no folder).</param>
/// <param name="ClaimsFile">The <c>.claims.json</c> file name, or null when the article has no claims file yet.</param>
public sealed record SeedArticle(
    string SourceFile,
    string TextFile,
    RegisterSource Source,
    string? ClaimsFile,
    IReadOnlyList<SeedClaim> Claims,
    IReadOnlyList<SeedCorrection> Corrections,
    IReadOnlyList<SeedExclusion> Excluded);

/// <param name="Index">Position in the file's <c>claims</c> array (for error paths).</param>
public sealed record SeedClaim(int Index, AssertClaim Assert);

public sealed record SeedCorrection(int Index, string ClaimId, ClaimChanges Changes, string Reason, string Actor);

/// <summary>A number-like span the curator decided is not a claim.</summary>
public sealed record SeedExclusion(int Index, QuoteSpan Quote, string Reason);
