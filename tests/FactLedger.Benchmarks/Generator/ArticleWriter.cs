using System.Globalization;
using System.Text;
using FactLedger.Ledger.Catalog;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;

namespace FactLedger.Benchmarks.Generator;

/// <summary>What an article will claim, before it is written: the quote is cut from the text once it exists.</summary>
public sealed record ClaimDraft(string Platform, string Metric, decimal Value, Qualifier Qualifier, AsOf AsOf, bool InHeadline);

/// <summary>A written article and, per draft, where its claim is quoted.</summary>
public sealed record WrittenArticle(string Title, string Text, IReadOnlyList<QuoteSpan> Quotes, IReadOnlyList<QuoteSpan?> HeadlineQuotes);

/// <summary>
/// Writes an article of headline, byline and paragraphs, with each claim's sentence placed among filler sentences
/// drawn from the language's vocabulary. Quotes are taken at the offsets where they were written, so every quote
/// really occurs in the text where the claim says it does.
/// </summary>
public static class ArticleWriter
{
    private const int ParagraphChars = 450;

    public static WrittenArticle Write(Random random, LanguagePack language, string author, string publisher, PartialDate published,
        int targetLength, IReadOnlyList<ClaimDraft> claims)
    {
        var text = new StringBuilder(targetLength + 512);
        var headlineQuotes = new QuoteSpan?[claims.Count];
        var headlineIndex = claims.ToList().FindIndex(c => c.InHeadline);
        string title;
        if (headlineIndex >= 0)
        {
            var draft = claims[headlineIndex];
            title = $"{PlatformName(draft.Platform)} {language.HeadlineVerb} {language.FormatNumber(draft.Value)} {language.MetricWords[draft.Metric]}";
            headlineQuotes[headlineIndex] = new QuoteSpan(title, 0, title.Length);
        }
        else
        {
            title = Capitalize(string.Join(' ', Words(random, language, 6, 10)));
        }

        text.Append(title).Append("\n\n");
        text.Append(language.Byline).Append(' ').Append(author).Append(", ").Append(publisher);
        if (published.IsKnown)
        {
            text.Append(" - ").Append(DateText(language, published));
        }

        text.Append("\n\n");

        var paragraphs = Math.Max(1, targetLength / ParagraphChars);
        var placement = claims.Select(_ => random.Next(Math.Min(paragraphs, claims.Count + 2))).ToArray();
        var quotes = new QuoteSpan[claims.Count];
        for (var p = 0; p < paragraphs; p++)
        {
            var paragraphStart = text.Length;
            for (var c = 0; c < claims.Count; c++)
            {
                if (placement[c] != p)
                {
                    continue;
                }

                if (random.Chance(0.5))
                {
                    AppendFiller(random, language, text);
                }

                quotes[c] = AppendClaimSentence(random, language, text, claims[c]);
            }

            while (text.Length - paragraphStart < ParagraphChars)
            {
                AppendFiller(random, language, text);
            }

            text.Append("\n\n");
        }

        return new WrittenArticle(title, text.ToString().TrimEnd(), quotes, headlineQuotes);
    }

    /// <summary>The words that state the claim, which become its quote; they include the as-of phrase when there is one.</summary>
    public static string Quote(LanguagePack language, ClaimDraft claim)
    {
        var number = language.FormatNumber(claim.Value);
        var metric = language.MetricWords[claim.Metric];
        if (claim.Qualifier == Qualifier.Forecast)
        {
            return language.Forecast($"{number} {metric}", claim.AsOf.Date.Start.Year);
        }

        var qualifier = language.QualifierWords(claim.Qualifier);
        var verb = claim.AsOf.Since is not null ? (claim.Value < 0 ? language.Lost : language.Gained) : language.Has;
        return claim.AsOf.Text is { } asOf ? $"{verb} {qualifier}{number} {metric} {asOf}" : $"{verb} {qualifier}{number} {metric}";
    }

    /// <summary>"since May 2015", "sejak Mei 2015".</summary>
    public static string SincePhrase(LanguagePack language, PartialDate since) => $"{language.Since} {language.MonthYear(since.Start)}";

    /// <summary>"in March 2015", "in 2015".</summary>
    public static string AtPhrase(LanguagePack language, PartialDate date) =>
        $"{language.At} {(date.Precision == DatePrecision.Year ? date.Start.Year.ToString(CultureInfo.InvariantCulture) : language.MonthYear(date.Start))}";

    private static QuoteSpan AppendClaimSentence(Random random, LanguagePack language, StringBuilder text, ClaimDraft claim)
    {
        if (text.Length > 0 && text[^1] != '\n')
        {
            text.Append(' ');
        }

        if (random.Chance(0.6))
        {
            text.Append(random.PickOne(language.LeadIns)).Append(' ');
        }

        text.Append(PlatformName(claim.Platform)).Append(' ');
        var quote = Quote(language, claim);
        var start = text.Length;
        text.Append(quote);
        if (random.Chance(0.5))
        {
            text.Append(", ").Append(string.Join(' ', Words(random, language, 5, 12)));
        }

        text.Append('.');
        return new QuoteSpan(quote, start, start + quote.Length);
    }

    private static void AppendFiller(Random random, LanguagePack language, StringBuilder text)
    {
        if (text.Length > 0 && text[^1] != '\n')
        {
            text.Append(' ');
        }

        text.Append(Capitalize(string.Join(' ', Words(random, language, 8, 20)))).Append('.');
    }

    private static IEnumerable<string> Words(Random random, LanguagePack language, int min, int max)
    {
        var count = random.Next(min, max + 1);
        for (var i = 0; i < count; i++)
        {
            yield return random.PickOne(language.Vocabulary);
        }
    }

    private static string DateText(LanguagePack language, PartialDate date) => date.Precision switch
    {
        DatePrecision.Day => $"{date.Start.Day.ToString(CultureInfo.InvariantCulture)} {language.MonthYear(date.Start)}",
        DatePrecision.Month => language.MonthYear(date.Start),
        _ => date.Start.Year.ToString(CultureInfo.InvariantCulture),
    };

    public static string PlatformName(string platformId) => PlatformCatalog.BuiltIn.FindPlatform(platformId)!.Name;

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
