using FactLedger.Ledger.Common;
using FactLedger.Ledger.Sources;

namespace FactLedger.Api.Contracts;

/// <param name="Published">"YYYY", "YYYY-MM" or "YYYY-MM-DD"; null when unknown.</param>
public sealed record RegisterSourceRequest(
    string? SourceId,
    string? Title,
    string? Publisher,
    string? Author,
    string? Url,
    string? Language,
    string? Published,
    string? PublishedNote,
    string? Text,
    string? FileName,
    string? Notes)
{
    public RegisterSource ToCommand()
    {
        var errors = new ValidationErrors();
        var published = RequestFields.OptionalDate(errors, "published", Published) ?? PartialDate.Unknown;
        errors.ThrowIfAny();
        return new RegisterSource(SourceId ?? "", Title ?? "", Publisher, Author, Url, Language ?? "", published, PublishedNote, Text ?? "", FileName, Notes);
    }
}

/// <summary>Only the fields given change; name optional fields in <see cref="Cleared"/> to remove them.</summary>
public sealed record CorrectSourceRequest(
    string? Title,
    string? Publisher,
    string? Author,
    string? Url,
    string? Language,
    string? Published,
    string? PublishedNote,
    string? Notes,
    IReadOnlyList<string>? Cleared,
    string? Reason)
{
    public CorrectSourceMetadata ToCommand(string sourceId)
    {
        var errors = new ValidationErrors();
        var published = RequestFields.OptionalDate(errors, "published", Published);
        errors.ThrowIfAny();
        var changes = new SourceMetadataChanges(Title, Publisher, Author, Url, Language, published, PublishedNote, Notes, Cleared);
        return new CorrectSourceMetadata(sourceId, changes, Reason ?? "");
    }
}
