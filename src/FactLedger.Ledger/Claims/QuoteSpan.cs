namespace FactLedger.Ledger.Claims;

/// <summary>A verbatim passage of a source's text at UTF-16 offsets <c>[Start, End)</c>.</summary>
public sealed record QuoteSpan(string Text, int Start, int End)
{
    public bool OccursIn(string sourceText) =>
        Start >= 0 && End <= sourceText.Length && Start < End
        && string.CompareOrdinal(sourceText, Start, Text, 0, End - Start) == 0 && Text.Length == End - Start;
}
