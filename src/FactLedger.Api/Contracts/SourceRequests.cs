using FactLedger.Ledger.Common;
using FactLedger.Ledger.Sources;

namespace FactLedger.Api.Contracts;

/// <param name="Published">"YYYY", "YYYY-MM" or "YYYY-MM-DD"; null when unknown.</param>
public sealed record RegisterSourceRequest(
    string? SourceId,
    string? Title,
    string? Language,
    string? Text,
    string? Publisher = null,
    string? Author = null,
    string? Url = null,
    string? Published = null,
    string? PublishedNote = null,
    string? FileName = null,
    string? Notes = null)
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
    string? Reason,
    string? Title = null,
    string? Publisher = null,
    string? Author = null,
    string? Url = null,
    string? Language = null,
    string? Published = null,
    string? PublishedNote = null,
    string? Notes = null,
    IReadOnlyList<string>? Cleared = null)
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
