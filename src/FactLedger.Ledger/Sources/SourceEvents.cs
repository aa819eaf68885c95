using FactLedger.EventStore.Events;
using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Sources;

/// <summary>A document entered the ledger. Its text is fixed from now on: only metadata can be corrected.</summary>
/// <param name="SeedDigests">Markers of the seed-file content this event imported (see <c>SeedPlan</c>); null otherwise.</param>
[EventType("source-registered")]
public sealed record SourceRegistered(
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
    string? Notes,
    IReadOnlyList<string>? SeedDigests = null);

/// <summary>Metadata of a registered source was corrected; <see cref="SourceMetadataChanges"/> says which fields.</summary>
[EventType("source-metadata-corrected")]
public sealed record SourceMetadataCorrected(
    string SourceId,
    SourceMetadataChanges Changes,
    string Reason,
    IReadOnlyList<string>? SeedDigests = null);

/// <summary>
/// The fields a metadata correction changes. A null member means "unchanged"; to set an optional field to null,
/// name it in <see cref="Cleared"/> (camelCase: "publisher", "author", "url", "published", "publishedNote", "notes").
/// JSON: <c>{"title":null,"publisher":null,…,"cleared":["author"]}</c> removes the author and changes nothing else.
/// </summary>
public sealed record SourceMetadataChanges(
    string? Title = null,
    string? Publisher = null,
    string? Author = null,
    string? Url = null,
    string? Language = null,
    PartialDate? Published = null,
    string? PublishedNote = null,
    string? Notes = null,
    IReadOnlyList<string>? Cleared = null)
{
    public static readonly IReadOnlyList<string> ClearableFields = ["publisher", "author", "url", "published", "publishedNote", "notes"];

    public bool IsEmpty =>
        Title is null && Publisher is null && Author is null && Url is null && Language is null && Published is null
        && PublishedNote is null && Notes is null && (Cleared is null || Cleared.Count == 0);

    public bool Clears(string field) => Cleared?.Contains(field, StringComparer.Ordinal) == true;
}
