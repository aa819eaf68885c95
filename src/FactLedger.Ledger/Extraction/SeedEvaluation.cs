using FactLedger.Ledger.Seeds;

namespace FactLedger.Ledger.Extraction;

/// <summary>Scores the extractor against a curated seed folder: the claims as read from the articles, before corrections.</summary>
public static class SeedEvaluation
{
    public static EvaluationReport Evaluate(ClaimExtractor extractor, SeedSet seeds) =>
        ExtractionEvaluator.Evaluate(seeds.Articles.Select(article =>
        {
            var source = article.Source;
            var result = extractor.Extract(new ExtractionRequest(source.Text, source.Language, source.Published));
            IReadOnlyList<ExpectedClaim> expected = [.. article.Claims.Select(c => new ExpectedClaim(
                source.Language,
                c.Assert.Platform,
                c.Assert.Metric,
                c.Assert.Value,
                System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(c.Assert.Qualifier.ToString()),
                c.Assert.Quote.Start,
                c.Assert.Quote.End,
                [.. c.Assert.AlsoQuoted.Select(q => new QuoteSpan(q.Text, q.Start, q.End))]))];
            return (source.Language, result, expected);
        }));
}
