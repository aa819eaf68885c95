using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Extraction;

/// <summary>Picks the language whose function words (and number and metric words) the text uses most.</summary>
internal static class LanguageDetector
{
    private const int SampleLength = 20_000;

    public static LanguageTable Detect(string text, IReadOnlyList<LanguageTable> tables)
    {
        if (tables.Count == 0)
        {
            throw new InvalidOperationException("No language table is embedded.");
        }

        var tokens = TokenStream.Of(TextFolding.Fold(text.Length > SampleLength ? text[..SampleLength] : text));
        var best = tables.FirstOrDefault(t => t.Code == "en") ?? tables[0];
        var bestScore = 0;
        foreach (var table in tables)
        {
            var score = Score(LanguageRules.For(table), tokens);
            if (score > bestScore)
            {
                (best, bestScore) = (table, score);
            }
        }

        return best;
    }

    internal static int Score(LanguageRules rules, TokenStream tokens)
    {
        var hits = rules.Lexicon.Match(tokens);
        return hits[rules.StopWords.Id].All.Count
            + hits[rules.UserNouns.Id].All.Count
            + hits[rules.MessageNouns.Id].All.Count
            + hits[rules.NumberWords.Id].All.Count(h => rules.NumberWordRoles[h.Key].Role == NumberWordRole.Scale);
    }
}

/// <summary>
/// Finds when the article was published: a date after "diperbarui", "publié le", "published"; else a dateline after a
/// weekday ("Rabu (24/2/2016)"); else the latest full date in the text, as articles rarely mention a later day.
/// </summary>
internal static class PublicationDateFinder
{
    public static PartialDate Find(ArticleText article, IReadOnlyList<DateMention> dates)
    {
        var full = dates.Where(d => d.Kind == DateKind.Calendar && d.Year is not null && d.Month is not null).ToArray();
        foreach (var cue in article.Hits(article.Rules.Dates.PublishedCues).All)
        {
            var date = full.FirstOrDefault(d => d.Start >= cue.End && article.WordsBetween(cue.End, d.Start) <= 3 && !article.HasClauseBreak(cue.End, d.Start));
            if (date is not null)
            {
                return date.Resolve(PartialDate.Unknown);
            }
        }

        var weekdays = article.Hits(article.Rules.Dates.Weekdays);
        var datelines = full.Where(d => d.IsExplicitDay && weekdays.Within(Math.Max(0, d.Start - 20), d.Start)
                .Any(w => article.OnlySpaces(w.End, d.Start, ",(")))
            .Select(d => d.Resolve(PartialDate.Unknown))
            .ToArray();
        if (datelines.Length > 0)
        {
            return datelines.Max();
        }

        var days = full.Where(d => d.IsExplicitDay).Select(d => d.Resolve(PartialDate.Unknown)).ToArray();
        return days.Length > 0 ? days.Max() : PartialDate.Unknown;
    }
}
