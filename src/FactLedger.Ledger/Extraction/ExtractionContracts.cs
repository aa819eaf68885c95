using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Extraction;

/// <summary>An article to read. Language and publication date are detected when not given.</summary>
public sealed record ExtractionRequest(string Text, string? Language = null, PartialDate? Published = null);

/// <summary>
/// A claim the extractor proposes. Start/End are UTF-16 offsets into the request text (End exclusive) and
/// <c>Text[Start..End] == Quote</c>; <see cref="Mentions"/> holds every quote of the same claim (title and body).
/// </summary>
public sealed record ClaimCandidate(
    string Platform,
    string Metric,
    decimal Value,
    string Qualifier,
    CandidateAsOf AsOf,
    IReadOnlyList<string> AttributedTo,
    string Quote,
    int Start,
    int End,
    double Confidence,
    IReadOnlyList<string> Cues,
    IReadOnlyList<QuoteSpan> Mentions);

/// <summary>
/// When the value held. <see cref="Assumed"/> is true when the sentence gave no time and the publication date
/// stands in for it; <see cref="Since"/> is the start of the period a change was measured over.
/// </summary>
public sealed record CandidateAsOf(PartialDate Date, PartialDate? Since, bool Assumed, string? Text);

public sealed record QuoteSpan(string Quote, int Start, int End);

/// <summary>An amount the article states without a number ("ratusan juta", "hundreds of millions").</summary>
public sealed record VagueAmount(string Text, int Start, int End);

public sealed record ExtractionResult(
    string Language,
    bool LanguageDetected,
    PartialDate Published,
    bool PublishedDetected,
    IReadOnlyList<ClaimCandidate> Candidates,
    IReadOnlyList<VagueAmount> VagueAmounts);

/// <summary>The qualifier vocabulary shared with the ledger's claims.</summary>
public static class Qualifiers
{
    public const string Exact = "exact";
    public const string Approximate = "approximate";
    public const string AtLeast = "at_least";

    // "nearly", "hampir", "près de" say the true value is slightly below the number, so they bound it from above.
    public const string AtMost = "at_most";
    public const string Forecast = "forecast";
}
