using System.Text.Json.Nodes;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Seeds;
using static FactLedger.Ledger.Tests.Domain.Fixtures;

namespace FactLedger.Ledger.Tests.Domain;

public sealed class SeedFolderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("factledger-seeds-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static LedgerValidationException Reject(SeedFixture seeds) => Invalid(() => seeds.Load());

    [Fact]
    public void Loads_articles_claims_corrections_and_exclusions_from_a_folder()
    {
        foreach (var (name, content) in new SeedFixture().Files)
        {
            File.WriteAllText(Path.Combine(_folder, name), content);
        }

        File.WriteAllText(Path.Combine(_folder, "001_other.txt"), "an article without metadata");

        var seeds = SeedFolder.Load(_folder);

        var article = Assert.Single(seeds.Articles);
        Assert.Equal("liputan6-2016", article.Source.SourceId);
        Assert.Equal(ArticleText, article.Source.Text);
        Assert.Equal(PartialDate.Day(2016, 2, 24), article.Source.Published);
        Assert.Equal(["liputan6-2016.telegram-mau-100m", "liputan6-2016.telegram-mau-gain-38m"], article.Claims.Select(c => c.Assert.ClaimId));
        Assert.Equal(PartialDate.OfMonth(2015, 5), article.Claims[1].Assert.AsOf.Since);
        Assert.Equal(SeedFolder.DefaultRecorder, article.Claims[0].Assert.RecordedBy);
        Assert.Equal(PartialDate.Day(2016, 2, 23), article.Corrections[0].Changes.AsOf?.Date);
        Assert.Equal("dateline", Assert.Single(article.Excluded).Reason);
        Assert.Contains(seeds.Notices, n => n.StartsWith("001_other.txt", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_folder_is_reported() =>
        Assert.Throws<DirectoryNotFoundException>(() => SeedFolder.Load(Path.Combine(_folder, "nope")));

    [Fact]
    public void A_wrongly_typed_value_is_reported_with_file_and_json_path()
    {
        var failure = Reject(new SeedFixture().Edit(SeedFixture.ClaimsFile, j => j["claims"]![0]!["value"] = "lots"));

        HasError(failure, "000_test.claims.json:$.claims[0].value", "Malformed JSON");
    }

    [Fact]
    public void An_unknown_qualifier_is_reported_with_its_path() =>
        HasError(Reject(new SeedFixture().Edit(SeedFixture.ClaimsFile, j => j["claims"]![1]!["qualifier"] = "roughly")), "000_test.claims.json:$.claims[1].qualifier");

    [Fact]
    public void Broken_json_is_reported_with_the_file_name()
    {
        var seeds = new SeedFixture();
        seeds.Files[SeedFixture.SourceFile] = "{ \"id\": \"x\", ";

        var failure = Reject(seeds);

        Assert.Contains(failure.Errors.Keys, k => k.StartsWith("000_test.source.json:", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_fields_are_all_reported()
    {
        var failure = Reject(new SeedFixture().Edit(SeedFixture.ClaimsFile, j =>
        {
            var claim = j["claims"]![0]!.AsObject();
            claim.Remove("platform");
            claim.Remove("start");
            claim["attribution"]![1]!.AsObject().Remove("role");
        }));

        HasError(failure, "000_test.claims.json:$.claims[0].platform", "required");
        HasError(failure, "000_test.claims.json:$.claims[0].start", "required");
        HasError(failure, "000_test.claims.json:$.claims[0].attribution[1].role", "required");
    }

    [Fact]
    public void A_claims_file_needs_its_source_file()
    {
        var seeds = new SeedFixture();
        seeds.Files["001_orphan.claims.json"] = """{ "sourceId": "orphan", "claims": [] }""";

        HasError(Reject(seeds), "001_orphan.claims.json:$", "No source file");
    }

    [Fact]
    public void The_article_file_must_exist_in_the_folder()
    {
        HasError(Reject(new SeedFixture().Edit(SeedFixture.SourceFile, j => j["file"] = "missing.txt")), "000_test.source.json:$.file", "not in the seed folder");
        HasError(Reject(new SeedFixture().Edit(SeedFixture.SourceFile, j => j["file"] = "../etc/passwd")), "000_test.source.json:$.file", "without a path");
    }

    [Fact]
    public void The_claims_file_must_name_its_source() =>
        HasError(Reject(new SeedFixture().Edit(SeedFixture.ClaimsFile, j => j["sourceId"] = "other")), "000_test.claims.json:$.sourceId", "other");

    [Fact]
    public void Duplicate_source_and_claim_ids_are_rejected()
    {
        var seeds = new SeedFixture().Edit(SeedFixture.ClaimsFile, j => j["claims"]![1]!["id"] = "liputan6-2016.telegram-mau-100m");
        seeds.Files["001_copy.txt"] = ArticleText;
        seeds.Files["001_copy.source.json"] = seeds.Files[SeedFixture.SourceFile].Replace("000_test.txt", "001_copy.txt", StringComparison.Ordinal);

        var failure = Reject(seeds);

        HasError(failure, "001_copy.source.json:$.id", "also used by 000_test.source.json");
        HasError(failure, "000_test.claims.json:$.claims[1].id", "also used by");
    }

    [Fact]
    public void Corrections_must_name_a_claim_of_the_file_and_only_claim_fields()
    {
        var failure = Reject(new SeedFixture().Edit(SeedFixture.ClaimsFile, j =>
        {
            j["corrections"]!.AsArray().Add(JsonNode.Parse("""{ "claimId": "nope", "changes": { "value": 1 }, "reason": "r" }"""));
            j["corrections"]!.AsArray().Add(JsonNode.Parse("""{ "claimId": "liputan6-2016.telegram-mau-100m", "changes": { "colour": "red", "start": 3 }, "reason": "r" }"""));
            j["corrections"]!.AsArray().Add(JsonNode.Parse("""{ "claimId": "liputan6-2016.telegram-mau-100m", "changes": {}, "reason": "" }"""));
        }));

        HasError(failure, "000_test.claims.json:$.corrections[1].claimId", "not among this file's claims");
        HasError(failure, "000_test.claims.json:$.corrections[2].changes.colour", "Not a correctable claim field");
        HasError(failure, "000_test.claims.json:$.corrections[2].changes.quote", "together");
        HasError(failure, "000_test.claims.json:$.corrections[3].reason", "required");
        HasError(failure, "000_test.claims.json:$.corrections[3].changes", "at least one field");
    }

    [Fact]
    public void A_correction_with_notes_null_clears_the_notes()
    {
        var seeds = new SeedFixture().Edit(SeedFixture.ClaimsFile, j =>
            j["corrections"]![0]!["changes"] = JsonNode.Parse("""{ "notes": null, "qualifier": "approximate" }""")).Load();

        var changes = seeds.Articles[0].Corrections[0].Changes;

        Assert.Equal(["notes"], changes.Cleared);
        Assert.Equal(Qualifier.Approximate, changes.Qualifier);
    }
}
