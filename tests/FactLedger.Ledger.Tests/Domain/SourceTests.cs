using FactLedger.Ledger.Common;
using FactLedger.Ledger.Sources;
using static FactLedger.Ledger.Tests.Domain.Fixtures;

namespace FactLedger.Ledger.Tests.Domain;

public class SourceTests
{
    [Fact]
    public void Registering_fingerprints_the_text_with_sha256()
    {
        var e = RegisterSourceHandler.Decide(RegisterArticle(text: "abc"), null);

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", e.TextSha256);
        Assert.Equal("abc", e.Text);
    }

    [Theory]
    [InlineData("Liputan6")]
    [InlineData("-leading-hyphen")]
    [InlineData("has space")]
    [InlineData("a/b")]
    [InlineData("")]
    public void A_source_id_must_be_a_slug(string id) =>
        HasError(Invalid(() => RegisterSourceHandler.Decide(RegisterArticle(id), null)), "sourceId");

    [Fact]
    public void Title_language_text_and_url_are_checked_together()
    {
        var failure = Invalid(() => RegisterSourceHandler.Decide(RegisterArticle() with { Title = " ", Language = "ind", Text = "", Url = "ftp://x" }, null));

        HasError(failure, "title", "required");
        HasError(failure, "language", "ISO 639-1");
        HasError(failure, "text", "required");
        HasError(failure, "url", "http");
    }

    [Theory]
    [InlineData("ID")]
    [InlineData("xx")]
    [InlineData("")]
    public void Language_must_be_an_ISO_639_1_code(string language) =>
        HasError(Invalid(() => RegisterSourceHandler.Decide(RegisterArticle() with { Language = language }, null)), "language");

    [Fact]
    public void A_source_cannot_be_registered_twice() =>
        HasError(Invalid(() => RegisterSourceHandler.Decide(RegisterArticle(), Article())), "sourceId", "already registered");

    [Fact]
    public void Fold_applies_corrections_and_counts_versions()
    {
        var registered = RegisterSourceHandler.Decide(RegisterArticle(), null);
        var corrected = new SourceMetadataCorrected(registered.SourceId, new SourceMetadataChanges(Publisher: "Liputan 6", Cleared: ["author"]), "typo");

        var source = Source.Fold([registered, corrected])!;

        Assert.Equal("Liputan 6", source.Publisher);
        Assert.Null(source.Author);
        Assert.Equal(registered.Title, source.Title);
        Assert.Equal(2, source.Version);
    }

    [Fact]
    public void Correction_keeps_only_changed_fields_and_can_clear()
    {
        var source = Article();
        var command = new CorrectSourceMetadata(source.SourceId, new SourceMetadataChanges(Title: source.Title, Url: "https://liputan6.com/x", Cleared: ["publishedNote"]), "found the url");

        var e = CorrectSourceMetadataHandler.Decide(command, source);

        Assert.Null(e.Changes.Title);
        Assert.Equal("https://liputan6.com/x", e.Changes.Url);
        Assert.Equal(["publishedNote"], e.Changes.Cleared);
        Assert.Null(source.Apply(e.Changes).PublishedNote);
    }

    [Fact]
    public void Correction_that_changes_nothing_is_rejected() =>
        HasError(Invalid(() => CorrectSourceMetadataHandler.Decide(
            new CorrectSourceMetadata("liputan6-2016", new SourceMetadataChanges(Publisher: "Liputan6.com", Cleared: ["url"]), "noop"), Article())),
            "changes", "changes nothing");

    [Fact]
    public void Correction_needs_a_source_and_a_reason()
    {
        var failure = Invalid(() => CorrectSourceMetadataHandler.Decide(new CorrectSourceMetadata("nope", new SourceMetadataChanges(Title: "x"), " "), null));

        HasError(failure, "sourceId", "not registered");
        HasError(failure, "reason", "required");
    }

    [Fact]
    public void Title_and_language_cannot_be_cleared_and_a_field_cannot_be_set_and_cleared()
    {
        var failure = Invalid(() => CorrectSourceMetadataHandler.Decide(
            new CorrectSourceMetadata("liputan6-2016", new SourceMetadataChanges(Author: "X", Cleared: ["title", "author"]), "r"), Article()));

        HasError(failure, "cleared", "cannot be cleared");
        HasError(failure, "author", "both set and cleared");
    }

    [Fact]
    public void Corrected_language_must_still_be_valid() =>
        HasError(Invalid(() => CorrectSourceMetadataHandler.Decide(
            new CorrectSourceMetadata("liputan6-2016", new SourceMetadataChanges(Language: "indonesian"), "r"), Article())), "language");

    [Fact]
    public void Difference_describes_the_way_to_another_state()
    {
        var source = Article();
        var target = source with { Publisher = null, Published = PartialDate.OfMonth(2016, 2), Title = "T" };

        var changes = CorrectSourceMetadataHandler.Difference(source, target);

        Assert.Equal("T", changes.Title);
        Assert.Equal(PartialDate.OfMonth(2016, 2), changes.Published);
        Assert.Equal(["publisher"], changes.Cleared);
        Assert.Null(changes.Author);
        Assert.Equal(target, source.Apply(changes));
    }
}
