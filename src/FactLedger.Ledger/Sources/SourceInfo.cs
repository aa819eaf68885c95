using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Sources;

/// <summary>What a claim's read models show of its source.</summary>
public sealed record SourceInfo(string SourceId, string Title, string? Publisher, PartialDate Published, string Language, string? Url = null)
{
    public static SourceInfo From(Source source) =>
        new(source.SourceId, source.Title, source.Publisher, source.Published, source.Language, source.Url);
}
