using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Sources;

public sealed record CorrectSourceMetadata(string SourceId, SourceMetadataChanges Changes, string Reason, IReadOnlyList<string>? SeedDigests = null);

public static class CorrectSourceMetadataHandler
{
    /// <summary>
    /// Corrects a source's metadata. Fields set to their current value are dropped; a correction that is left with
    /// nothing to change is rejected. The text is never correctable: register a new source instead.
    /// </summary>
    /// <exception cref="LedgerValidationException">The source is missing, the reason is blank or the result is invalid.</exception>
    public static SourceMetadataCorrected Decide(CorrectSourceMetadata command, Source? source)
    {
        var errors = new ValidationErrors();
        if (source is null)
        {
            errors.Add("sourceId", $"Source '{command.SourceId}' is not registered.");
        }

        errors.Require("reason", command.Reason, "A reason");
        foreach (var field in command.Changes.Cleared ?? [])
        {
            if (!SourceMetadataChanges.ClearableFields.Contains(field, StringComparer.Ordinal))
            {
                errors.Add("cleared", $"'{field}' cannot be cleared; clearable fields: {string.Join(", ", SourceMetadataChanges.ClearableFields)}.");
            }
            else if (IsSet(command.Changes, field))
            {
                errors.Add(field, $"'{field}' is both set and cleared.");
            }
        }

        errors.ThrowIfAny();
        var changes = Effective(source!, Tidy(command.Changes));
        if (changes.IsEmpty)
        {
            errors.Add("changes", "The correction changes nothing.");
        }

        var corrected = source!.Apply(changes);
        SourceRules.CheckMetadata(errors, corrected.Title, corrected.Language, corrected.Url);
        errors.ThrowIfAny();
        return new SourceMetadataCorrected(command.SourceId, changes, command.Reason.Trim(), command.SeedDigests);
    }

    /// <summary>The changes from <paramref name="source"/> to <paramref name="target"/>, as a correction would state them.</summary>
    public static SourceMetadataChanges Difference(Source source, Source target) =>
        Effective(source, new SourceMetadataChanges(
            target.Title,
            target.Publisher,
            target.Author,
            target.Url,
            target.Language,
            target.Published.IsKnown ? target.Published : null,
            target.PublishedNote,
            target.Notes,
            Cleared: [.. new (string Field, bool Absent)[]
            {
                ("publisher", target.Publisher is null),
                ("author", target.Author is null),
                ("url", target.Url is null),
                ("published", !target.Published.IsKnown),
                ("publishedNote", target.PublishedNote is null),
                ("notes", target.Notes is null),
            }.Where(f => f.Absent).Select(f => f.Field)]));

    private static bool IsSet(SourceMetadataChanges changes, string field) => field switch
    {
        "publisher" => changes.Publisher is not null,
        "author" => changes.Author is not null,
        "url" => changes.Url is not null,
        "published" => changes.Published is not null,
        "publishedNote" => changes.PublishedNote is not null,
        "notes" => changes.Notes is not null,
        _ => false,
    };

    private static SourceMetadataChanges Tidy(SourceMetadataChanges changes) => changes with
    {
        Title = SourceRules.Tidy(changes.Title),
        Publisher = SourceRules.Tidy(changes.Publisher),
        Author = SourceRules.Tidy(changes.Author),
        Url = SourceRules.Tidy(changes.Url),
        Language = SourceRules.Tidy(changes.Language),
        Published = changes.Published is { IsKnown: true } ? changes.Published : null,
        PublishedNote = SourceRules.Tidy(changes.PublishedNote),
        Notes = SourceRules.Tidy(changes.Notes),
    };

    /// <summary>Drops every change that would leave the field as it is.</summary>
    private static SourceMetadataChanges Effective(Source source, SourceMetadataChanges changes)
    {
        var cleared = (changes.Cleared ?? []).Distinct(StringComparer.Ordinal).Where(field => field switch
        {
            "publisher" => source.Publisher is not null,
            "author" => source.Author is not null,
            "url" => source.Url is not null,
            "published" => source.Published.IsKnown,
            "publishedNote" => source.PublishedNote is not null,
            "notes" => source.Notes is not null,
            _ => false,
        }).ToArray();
        return new SourceMetadataChanges(
            Changed(changes.Title, source.Title),
            Changed(changes.Publisher, source.Publisher),
            Changed(changes.Author, source.Author),
            Changed(changes.Url, source.Url),
            Changed(changes.Language, source.Language),
            changes.Published is { } published && published != source.Published ? published : null,
            Changed(changes.PublishedNote, source.PublishedNote),
            Changed(changes.Notes, source.Notes),
            cleared.Length == 0 ? null : cleared);
    }

    private static string? Changed(string? proposed, string? current) =>
        proposed is not null && !string.Equals(proposed, current, StringComparison.Ordinal) ? proposed : null;
}
