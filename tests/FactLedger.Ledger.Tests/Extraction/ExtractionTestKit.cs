using FactLedger.Ledger.Catalog;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Extraction;

namespace FactLedger.Ledger.Tests.Extraction;

internal static class ExtractionTestKit
{
    public static PlatformCatalog Catalog => PlatformCatalog.BuiltIn;

    public static ClaimExtractor Extractor { get; } = new(PlatformCatalog.BuiltIn);

    public static ExtractionResult Extract(string text, string? language = null, string? published = null) =>
        Extractor.Extract(new ExtractionRequest(text, language, published is null ? null : PartialDate.Parse(published)));

    public static IReadOnlyList<ClaimCandidate> Candidates(string text, string? language = null, string? published = null) =>
        Extract(text, language, published).Candidates;

    public static ClaimCandidate Only(string text, string? language = null, string? published = null)
    {
        var candidates = Candidates(text, language, published);
        Assert.True(candidates.Count == 1, $"Expected one candidate, got {candidates.Count}: {Describe(candidates)}");
        return candidates[0];
    }

    public static string Describe(IEnumerable<ClaimCandidate> candidates) =>
        string.Join("; ", candidates.Select(c => $"{c.Platform} {c.Metric} {c.Value} {c.Qualifier} {c.AsOf.Date}"));

    /// <summary>The amounts the scanner reads in a text, as values.</summary>
    public static IReadOnlyList<decimal> Amounts(string text, string language)
    {
        var rules = LanguageRules.For(LanguageTables.Find(language)!);
        return AmountScanner.FindAmounts(new ArticleText(text, rules)).Select(a => a.Value).ToArray();
    }

    public static IReadOnlyList<string> VagueTexts(string text, string language) =>
        Extract(text, language).VagueAmounts.Select(v => v.Text).ToArray();
}
