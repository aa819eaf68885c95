using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Figures;

/// <summary>Everything needed to check a claim by hand: where it was said, the words in context, who it cites, who recorded it.</summary>
public sealed record ClaimTrail(
    ClaimView Claim,
    TrailSource Source,
    QuoteInContext Quote,
    IReadOnlyList<QuoteInContext> AlsoQuoted,
    IReadOnlyList<AttributionLink> Attribution,
    DateTimeOffset RecordedAt,
    Recorder RecordedBy,
    ClaimStatus Status,
    Verdict? LatestVerdict,
    IReadOnlyList<ClaimHistoryEntry> History)
{
    /// <summary>Characters of context kept on each side of a quote, before cutting back to a word boundary.</summary>
    public const int ContextChars = 160;

    [System.Text.Json.Serialization.JsonIgnore]
    public string ClaimId => Claim.ClaimId;

    public static ClaimTrail Build(ClaimView claim, string sourceText) => new(
        claim,
        new TrailSource(claim.SourceId, claim.Source.Title, claim.Source.Publisher, claim.Source.Published, claim.Source.Published.Precision, claim.Source.Language, claim.Source.Url),
        QuoteInContext.Cut(sourceText, claim.Quote, ContextChars),
        [.. claim.AlsoQuoted.Select(q => QuoteInContext.Cut(sourceText, q, ContextChars))],
        claim.Attribution,
        claim.RecordedAt,
        claim.RecordedBy,
        claim.Status,
        claim.LatestVerdict,
        claim.History);
}

public sealed record TrailSource(string SourceId, string Title, string? Publisher, PartialDate Published, DatePrecision PublishedPrecision, string Language, string? Url);

/// <summary>
/// A quote inside the passage around it. <see cref="QuoteStart"/>/<see cref="QuoteEnd"/> locate the quote in
/// <see cref="Context"/>; <see cref="SourceStart"/>/<see cref="SourceEnd"/> in the whole text.
/// </summary>
public sealed record QuoteInContext(
    string Context,
    int QuoteStart,
    int QuoteEnd,
    int SourceStart,
    int SourceEnd,
    bool TruncatedBefore,
    bool TruncatedAfter,
    bool QuoteMatchesText)
{
    /// <summary>
    /// Takes up to <paramref name="around"/> characters each side of the quote, then moves each cut inward to the
    /// nearest whitespace so no word is split (a cut stays where it is when the whole stretch is one word).
    /// </summary>
    public static QuoteInContext Cut(string text, QuoteSpan quote, int around)
    {
        var start = Math.Clamp(quote.Start, 0, text.Length);
        var end = Math.Clamp(quote.End, start, text.Length);
        var from = Math.Max(0, start - around);
        var to = Math.Min(text.Length, end + around);
        if (from > 0 && !Whitespace.Contains(text[from - 1]))
        {
            var space = text.IndexOfAny(Whitespace, from, start - from);
            from = space >= 0 ? space + 1 : from;
        }

        if (to < text.Length && !Whitespace.Contains(text[to]))
        {
            var space = to > end ? text.LastIndexOfAny(Whitespace, to - 1, to - end) : -1;
            to = space >= 0 ? space : to;
        }

        return new QuoteInContext(
            text[from..to],
            start - from,
            end - from,
            start,
            end,
            TruncatedBefore: from > 0,
            TruncatedAfter: to < text.Length,
            QuoteMatchesText: quote.OccursIn(text));
    }

    private static readonly char[] Whitespace = [' ', '\n', '\r', '\t', '\u00A0'];
}
