using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Sources;

public sealed record RegisterSource(
    string SourceId,
    string Title,
    string? Publisher,
    string? Author,
    string? Url,
    string Language,
    PartialDate Published,
    string? PublishedNote,
    string Text,
    string? FileName,
    string? Notes,
    IReadOnlyList<string>? SeedDigests = null);

public static class RegisterSourceHandler
{
    /// <summary>Registers a new source, fingerprinting its text with SHA-256.</summary>
    /// <exception cref="LedgerValidationException">The id, title, language or text is invalid, or the source exists.</exception>
    public static SourceRegistered Decide(RegisterSource command, Source? existing)
    {
        var errors = new ValidationErrors();
        Slug.Check(errors, "sourceId", command.SourceId);
        if (existing is not null)
        {
            errors.Add("sourceId", $"Source '{command.SourceId}' is already registered.");
        }

        SourceRules.CheckMetadata(errors, command.Title, command.Language, command.Url);
        if (string.IsNullOrWhiteSpace(command.Text))
        {
            errors.Add("text", "The source text is required.");
        }

        errors.ThrowIfAny();
        return new SourceRegistered(
            command.SourceId,
            command.Title.Trim(),
            SourceRules.Tidy(command.Publisher),
            SourceRules.Tidy(command.Author),
            SourceRules.Tidy(command.Url),
            command.Language,
            command.Published,
            SourceRules.Tidy(command.PublishedNote),
            command.Text,
            Digest.Sha256Hex(command.Text),
            SourceRules.Tidy(command.FileName),
            SourceRules.Tidy(command.Notes),
            command.SeedDigests);
    }
}

internal static class SourceRules
{
    public static void CheckMetadata(ValidationErrors errors, string? title, string? language, string? url)
    {
        errors.Require("title", title, "A title");
        LanguageCodes.Check(errors, "language", language);
        CheckUrl(errors, url);
    }

    public static void CheckUrl(ValidationErrors errors, string? url)
    {
        if (!string.IsNullOrWhiteSpace(url)
            && !(Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            errors.Add("url", $"'{url}' is not an absolute http(s) URL.");
        }
    }

    /// <summary>Blank optional text is absent text.</summary>
    public static string? Tidy(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
