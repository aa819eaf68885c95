using System.Text.Json;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Extraction;
using Xunit.Abstractions;

namespace FactLedger.Ledger.Tests.Extraction;

/// <summary>Runs the extractor over the curated seed articles (seeds/*.txt) and scores it against seeds/*.claims.json.</summary>
public sealed class SeedEvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public void Extractor_meets_targets_on_the_seed_articles()
    {
        var documents = SeedArticles.Load().Select(seed =>
        {
            var result = ExtractionTestKit.Extractor.Extract(new ExtractionRequest(seed.Text, seed.Source.Language, seed.Published));
            var expected = seed.Claims.Claims.Select(c => new ExpectedClaim(
                seed.Source.Language, c.Platform, c.Metric, c.Value, c.Qualifier, c.Start, c.End,
                (c.AlsoQuoted ?? []).Select(a => new QuoteSpan(a.Quote, a.Start, a.End)).ToArray())).ToArray();
            return (seed.Source.Language, result, (IReadOnlyList<ExpectedClaim>)expected);
        }).ToArray();

        var report = ExtractionEvaluator.Evaluate(documents);
        output.WriteLine(report.ToTable());
        foreach (var miss in report.Misses)
        {
            output.WriteLine("miss: " + miss);
        }

        foreach (var falsePositive in report.FalsePositives)
        {
            output.WriteLine("false positive: " + falsePositive);
        }

        Assert.Equal(["fr", "id"], report.Languages.Select(l => l.Language).ToArray());
        Assert.All(report.Languages.Append(report.Overall), score =>
        {
            Assert.True(score.Recall >= 0.95, $"{score.Language}: recall {score.Recall:0.000}");
            Assert.True(score.Precision >= 0.9, $"{score.Language}: precision {score.Precision:0.000}");
        });
    }

    [Fact]
    public void Seed_quotes_point_into_their_articles()
    {
        foreach (var seed in SeedArticles.Load())
        {
            foreach (var claim in seed.Claims.Claims)
            {
                Assert.Equal(claim.Quote, seed.Text[claim.Start..claim.End]);
            }
        }
    }

    /// <summary>The qualifiers the extractor gives the curated claims it finds (the evaluation itself ignores them).</summary>
    [Fact]
    public void Found_seed_claims_mostly_carry_the_curated_qualifier()
    {
        var agree = 0;
        var total = 0;
        foreach (var seed in SeedArticles.Load())
        {
            var result = ExtractionTestKit.Extractor.Extract(new ExtractionRequest(seed.Text, seed.Source.Language, seed.Published));
            foreach (var claim in seed.Claims.Claims)
            {
                var expected = new ExpectedClaim(seed.Source.Language, claim.Platform, claim.Metric, claim.Value, claim.Qualifier, claim.Start, claim.End,
                    (claim.AlsoQuoted ?? []).Select(a => new QuoteSpan(a.Quote, a.Start, a.End)).ToArray());
                if (result.Candidates.FirstOrDefault(c => ExtractionEvaluator.Matches(c, expected)) is { } found)
                {
                    total++;
                    agree += found.Qualifier == claim.Qualifier ? 1 : 0;
                    output.WriteLine($"{claim.Id}: curated {claim.Qualifier}, extracted {found.Qualifier}, as-of {found.AsOf.Date} (curated {claim.AsOf.Date ?? "unknown"})");
                }
            }
        }

        Assert.True(total > 0);
        Assert.True(agree >= total * 0.9, $"{agree}/{total} qualifiers agree");
    }
}

internal sealed record SeedArticle(string Text, SeedSource Source, SeedClaims Claims)
{
    /// <summary>The source's publication date; a null date in the source file means "unknown", not "detect it".</summary>
    public PartialDate Published => PartialDate.TryParse(Source.Published, out var date) ? date : PartialDate.Unknown;
}

internal sealed record SeedSource(string Id, string File, string Language, string? Published);

internal sealed record SeedClaims(string SourceId, IReadOnlyList<SeedClaim> Claims);

internal sealed record SeedClaim(
    string Id, string Platform, string Metric, decimal Value, string Qualifier, SeedAsOf AsOf, string Quote, int Start, int End,
    IReadOnlyList<SeedSpan>? AlsoQuoted);

internal sealed record SeedAsOf(string? Date, string? Since, string? Text);

internal sealed record SeedSpan(string Quote, int Start, int End);

internal static class SeedArticles
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<SeedArticle> Load()
    {
        var directory = FindSeedsDirectory();
        var articles = Directory.GetFiles(directory, "*.source.json").Order(StringComparer.Ordinal).Select(sourcePath =>
        {
            var source = JsonSerializer.Deserialize<SeedSource>(File.ReadAllText(sourcePath), Json)!;
            var claims = JsonSerializer.Deserialize<SeedClaims>(File.ReadAllText(sourcePath.Replace(".source.json", ".claims.json", StringComparison.Ordinal)), Json)!;
            return new SeedArticle(File.ReadAllText(Path.Combine(directory, source.File)), source, claims);
        }).ToArray();
        Assert.NotEmpty(articles);
        return articles;
    }

    private static string FindSeedsDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var seeds = Path.Combine(directory.FullName, "seeds");
            if (Directory.Exists(seeds) && Directory.EnumerateFiles(seeds, "*.claims.json").Any())
            {
                return seeds;
            }
        }

        throw new DirectoryNotFoundException("No seeds/*.claims.json above " + AppContext.BaseDirectory);
    }
}
