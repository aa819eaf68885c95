using System.Globalization;

namespace FactLedger.Ledger.Extraction;

/// <summary>A curated claim to compare candidates with; <see cref="OtherSpans"/> are its other quotes in the same article.</summary>
public sealed record ExpectedClaim(
    string Language,
    string Platform,
    string Metric,
    decimal Value,
    string Qualifier,
    int Start,
    int End,
    IReadOnlyList<QuoteSpan> OtherSpans);

public sealed record LanguageScore(string Language, int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1.0 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 1.0 : (double)TruePositives / (TruePositives + FalseNegatives);
}

public sealed record EvaluationReport(
    IReadOnlyList<LanguageScore> Languages,
    LanguageScore Overall,
    IReadOnlyList<string> Misses,
    IReadOnlyList<string> FalsePositives)
{
    /// <summary>A fixed-width table: language, TP, FP, FN, precision, recall.</summary>
    public string ToTable()
    {
        var lines = new List<string> { "language    TP   FP   FN  precision  recall" };
        foreach (var score in Languages.Append(Overall))
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{score.Language,-10}{score.TruePositives,4}{score.FalsePositives,5}{score.FalseNegatives,5}{score.Precision,11:0.000}{score.Recall,8:0.000}"));
        }

        return string.Join(Environment.NewLine, lines);
    }
}

/// <summary>
/// Compares candidates with expected claims. A match is the same platform, metric and value with overlapping spans
/// (the candidate's quote or any mention against the expected span or any of its other spans); each side matches once.
/// </summary>
public static class ExtractionEvaluator
{
    public static EvaluationReport Evaluate(IEnumerable<(string Language, ExtractionResult Result, IReadOnlyList<ExpectedClaim> Expected)> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var counts = new SortedDictionary<string, (int Tp, int Fp, int Fn)>(StringComparer.Ordinal);
        var misses = new List<string>();
        var falsePositives = new List<string>();
        var documentIndex = 0;
        foreach (var (language, result, expected) in documents)
        {
            var unmatched = result.Candidates.ToList();
            var tp = 0;
            var fn = 0;
            foreach (var claim in expected)
            {
                var match = unmatched.FirstOrDefault(c => Matches(c, claim));
                if (match is null)
                {
                    fn++;
                    misses.Add(string.Create(CultureInfo.InvariantCulture,
                        $"[{language} #{documentIndex}] {claim.Platform} {claim.Metric} {claim.Value} {claim.Qualifier} @{claim.Start}..{claim.End}"));
                }
                else
                {
                    tp++;
                    unmatched.Remove(match);
                }
            }

            foreach (var candidate in unmatched)
            {
                falsePositives.Add(string.Create(CultureInfo.InvariantCulture,
                    $"[{language} #{documentIndex}] {candidate.Platform} {candidate.Metric} {candidate.Value} {candidate.Qualifier} \"{candidate.Quote}\""));
            }

            var key = language.ToLowerInvariant();
            var previous = counts.GetValueOrDefault(key);
            counts[key] = (previous.Tp + tp, previous.Fp + unmatched.Count, previous.Fn + fn);
            documentIndex++;
        }

        var languages = counts.Select(p => new LanguageScore(p.Key, p.Value.Tp, p.Value.Fp, p.Value.Fn)).ToArray();
        var overall = new LanguageScore("all", languages.Sum(l => l.TruePositives), languages.Sum(l => l.FalsePositives), languages.Sum(l => l.FalseNegatives));
        return new EvaluationReport(languages, overall, misses, falsePositives);
    }

    public static bool Matches(ClaimCandidate candidate, ExpectedClaim expected)
    {
        if (!string.Equals(candidate.Platform, expected.Platform, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(candidate.Metric, expected.Metric, StringComparison.Ordinal)
            || candidate.Value != expected.Value)
        {
            return false;
        }

        var candidateSpans = candidate.Mentions.Select(m => (m.Start, m.End)).Append((candidate.Start, candidate.End));
        var expectedSpans = expected.OtherSpans.Select(s => (s.Start, s.End)).Append((expected.Start, expected.End)).ToArray();
        return candidateSpans.Any(c => expectedSpans.Any(e => c.Start < e.End && e.Start < c.End));
    }
}
