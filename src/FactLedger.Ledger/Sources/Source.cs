using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Sources;

/// <summary>The state of one source stream (<c>source-{sourceId}</c>).</summary>
public sealed record Source(
    string SourceId,
    string Title,
    string? Publisher,
    string? Author,
    string? Url,
    string Language,
    PartialDate Published,
    string? PublishedNote,
    string Text,
    string TextSha256,
    string? FileName,
    string? Notes)
{
    /// <summary>Number of events folded into this state: the stream version to expect when appending.</summary>
    public int Version { get; init; }

    /// <summary>Seed-file markers carried by this stream's events (see <c>SeedPlan</c>).</summary>
    public IReadOnlyList<string> SeedDigests { get; init; } = [];

    public static string StreamId(string sourceId) => $"source-{sourceId}";

    public static Source? Evolve(Source? state, object @event) => @event switch
    {
        SourceRegistered e => Create(e),
        SourceMetadataCorrected e when state is not null => state.Apply(e.Changes) with
        {
            Version = state.Version + 1,
            SeedDigests = [.. state.SeedDigests, .. e.SeedDigests ?? []],
        },
        _ when state is not null => state with { Version = state.Version + 1 },
        _ => state,
    };

    public static Source? Fold(IEnumerable<object> events) => events.Aggregate((Source?)null, Evolve);

    /// <summary>This source with <paramref name="changes"/> applied (cleared fields become null or unknown).</summary>
    public Source Apply(SourceMetadataChanges changes) => this with
    {
        Title = changes.Title ?? Title,
        Publisher = changes.Clears("publisher") ? null : changes.Publisher ?? Publisher,
        Author = changes.Clears("author") ? null : changes.Author ?? Author,
        Url = changes.Clears("url") ? null : changes.Url ?? Url,
        Language = changes.Language ?? Language,
        Published = changes.Clears("published") ? PartialDate.Unknown : changes.Published ?? Published,
        PublishedNote = changes.Clears("publishedNote") ? null : changes.PublishedNote ?? PublishedNote,
        Notes = changes.Clears("notes") ? null : changes.Notes ?? Notes,
    };

    private static Source Create(SourceRegistered e) =>
        new(e.SourceId, e.Title, e.Publisher, e.Author, e.Url, e.Language, e.Published, e.PublishedNote, e.Text, e.TextSha256, e.FileName, e.Notes)
        {
            Version = 1,
            SeedDigests = e.SeedDigests ?? [],
        };
}
