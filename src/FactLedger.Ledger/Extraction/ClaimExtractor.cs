using FactLedger.Ledger.Catalog;
using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Extraction;

/// <summary>
/// Proposes candidate claims from an article's plain text with deterministic, per-language rules
/// (the words live in <c>Extraction/Languages/*.json</c>). No network, no model.
/// </summary>
public sealed class ClaimExtractor
{
    public const string Name = "factledger-extractor";

    private readonly PlatformCatalog _catalog;
    private readonly PlatformFinder _platformFinder;
    private readonly IReadOnlyList<LanguageTable> _languages;

    public ClaimExtractor(PlatformCatalog catalog)
        : this(catalog, LanguageTables.All)
    {
    }

    /// <summary>An extractor that knows exactly these languages (the embedded tables, or tables read from elsewhere).</summary>
    public ClaimExtractor(PlatformCatalog catalog, IEnumerable<LanguageTable> languages)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(languages);
        _catalog = catalog;
        _platformFinder = new PlatformFinder(catalog);
        _languages = languages.ToArray();
        if (_languages.Count == 0)
        {
            throw new ArgumentException("At least one language table is needed.", nameof(languages));
        }
    }

    public IReadOnlyList<string> Languages => _languages.Select(l => l.Code).ToArray();

    public static string Version { get; } = "1.0.0";

    public ExtractionResult Extract(ExtractionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.Text ?? "";
        var requested = FindLanguage(request.Language);
        var table = requested ?? LanguageDetector.Detect(text, _languages);
        var language = requested is not null ? request.Language!.Trim().ToLowerInvariant() : table.Code;

        var rules = LanguageRules.For(table);
        var article = new ArticleText(text, rules);
        var dates = rules.Dates.FindAll(article);
        var published = request.Published ?? PublicationDateFinder.Find(article, dates);
        var amounts = AmountScanner.FindAmounts(article);
        var vague = AmountScanner.FindVague(article, amounts)
            .Select(v => new VagueAmount(text[v.Start..v.End], v.Start, v.End))
            .ToArray();
        var platforms = _platformFinder.FindAll(article);
        var readings = new ClaimReader(article, platforms, dates, published, _catalog).Read(amounts);
        var candidates = CandidateMerger.Merge(readings, article);

        return new ExtractionResult(language, requested is null, published, request.Published is null && published.IsKnown, candidates, vague);
    }

    private LanguageTable? FindLanguage(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var trimmed = code.Trim();
        return _languages.FirstOrDefault(l => string.Equals(l.Code, trimmed, StringComparison.OrdinalIgnoreCase))
            ?? _languages.FirstOrDefault(l => l.Aliases.Contains(trimmed, StringComparer.OrdinalIgnoreCase));
    }
}

/// <summary>
/// Folds mentions of one claim into one candidate: the title "Telegram Kantongi 100 Juta Pengguna Aktif" and the body's
/// "100 juta pengguna aktif bulanan" are the same claim, said less precisely once.
/// </summary>
internal static class CandidateMerger
{
    public static IReadOnlyList<ClaimCandidate> Merge(IReadOnlyList<Reading> readings, ArticleText article)
    {
        var groups = new List<List<Reading>>();
        foreach (var reading in readings)
        {
            var group = groups.FirstOrDefault(g => g.All(member => SameClaim(member, reading)));
            if (group is null)
            {
                groups.Add([reading]);
            }
            else
            {
                group.Add(reading);
            }
        }

        return groups.Select(g => ToCandidate(g, article)).OrderBy(c => c.Start).ThenBy(c => c.Metric, StringComparer.Ordinal).ToArray();
    }

    // A body sentence saying "user aktif" with a date of its own is a claim of its own, not a repeat of "user aktif tiap
    // bulan"; a headline ("Telegram Kantongi 100 Juta Pengguna Aktif") is always the short form of a body figure.
    private static bool SameClaim(Reading a, Reading b) =>
        a.Platform == b.Platform
        && a.Amount.Value == b.Amount.Value
        && a.Amount.Start != b.Amount.Start
        && (a.Metric == b.Metric
            || MetricChoice.Compatible(a.Metric, b.Metric) && (a.Sentence.IsHeadline || b.Sentence.IsHeadline || !a.AsOfExplicit && !b.AsOfExplicit))
        && a.Qualifier == Qualifiers.Forecast == (b.Qualifier == Qualifiers.Forecast)
        && !(a.AsOfExplicit && b.AsOfExplicit && a.AsOf.Date != b.AsOf.Date)
        && (a.AsOf.Since is null || b.AsOf.Since is null || a.AsOf.Since == b.AsOf.Since);

    private static ClaimCandidate ToCandidate(List<Reading> group, ArticleText article)
    {
        var primary = group
            .OrderByDescending(r => MetricChoice.Specificity(r.Metric))
            .ThenByDescending(r => r.Confidence)
            .ThenBy(r => r.Amount.Start)
            .First();
        var qualifier = primary.Qualifier != Qualifiers.Exact
            ? primary.Qualifier
            : group.Select(r => r.Qualifier).FirstOrDefault(q => q != Qualifiers.Exact) ?? Qualifiers.Exact;
        var asOf = primary.AsOfExplicit ? primary.AsOf : group.FirstOrDefault(r => r.AsOfExplicit)?.AsOf ?? primary.AsOf;
        var attribution = group.SelectMany(r => r.AttributedTo).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var mentions = group
            .Select(r => (Start: r.QuoteStart, End: r.QuoteEnd))
            .Distinct()
            .OrderBy(s => s.Start)
            .Select(s => new QuoteSpan(article.Slice(s.Start, s.End), s.Start, s.End))
            .ToArray();
        var cues = primary.Cues.ToList();
        if (mentions.Length > 1)
        {
            cues.Add($"mentions:{mentions.Length}");
        }

        var confidence = Math.Min(0.99, group.Max(r => r.Confidence) + 0.05 * Math.Min(2, mentions.Length - 1));
        return new ClaimCandidate(primary.Platform, primary.Metric, primary.Amount.Value, qualifier, asOf, attribution,
            article.Slice(primary.QuoteStart, primary.QuoteEnd), primary.QuoteStart, primary.QuoteEnd,
            Math.Round(confidence, 3), cues, mentions);
    }
}
