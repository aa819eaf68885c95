using System.Text.RegularExpressions;
using FactLedger.Ledger.Catalog;

namespace FactLedger.Ledger.Extraction;

/// <summary>
/// A platform named in the article. <see cref="IsModifier"/> marks names that qualify something else
/// ("yang dimiliki Facebook", "Facebook-owned", "si saingan berat WhatsApp"): they are not what the clause is about.
/// </summary>
internal sealed record PlatformMention(int Start, int End, string PlatformId, string Text, bool IsOwner, bool IsCompared)
{
    /// <summary>Inside an aside between dashes or parentheses: "Le service – fondé par Pavel Durov, qui a créé VK – a déclaré…".</summary>
    public bool IsAside { get; init; }

    public bool IsModifier => IsOwner || IsCompared || IsAside;
}

/// <summary>Finds catalog platforms by name and alias. Matching is case-sensitive so "line", "signal" or "zoom" as words do not count.</summary>
internal sealed class PlatformFinder
{
    private readonly PlatformCatalog _catalog;
    private readonly Regex? _regex;

    public PlatformFinder(PlatformCatalog catalog)
    {
        _catalog = catalog;
        var spellings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var platform in catalog.Platforms)
        {
            foreach (var name in platform.Aliases.Append(platform.Name))
            {
                if (string.IsNullOrWhiteSpace(name) || name.Contains('(', StringComparison.Ordinal))
                {
                    continue;
                }

                spellings.Add(name);
                if (name.Length >= 4)
                {
                    spellings.Add(name.ToUpperInvariant());
                }

                // Camel-cased brands (WhatsApp, TikTok, YouTube) are unambiguous in any case; plain words are not.
                if (name.Skip(1).Any(char.IsUpper) && name.Any(char.IsLower))
                {
                    spellings.Add(name.ToLowerInvariant());
                    spellings.Add(char.ToUpperInvariant(name[0]) + name[1..].ToLowerInvariant());
                }
            }
        }

        if (spellings.Count > 0)
        {
            var alternation = string.Join('|', spellings.OrderByDescending(s => s.Length).ThenBy(s => s, StringComparer.Ordinal).Select(Regex.Escape));
            _regex = new Regex($@"(?<![\p{{L}}\p{{N}}])(?:{alternation})(?![\p{{L}}\p{{N}}])", ExtractionRegex.Options);
        }
    }

    public IReadOnlyList<PlatformMention> FindAll(ArticleText article)
    {
        if (_regex is null)
        {
            return [];
        }

        var rules = article.Rules;
        var ownersBefore = article.Hits(rules.OwnershipBefore);
        var ownersAfter = article.Hits(rules.OwnershipAfter);
        var comparisons = article.Hits(rules.ComparisonBefore);
        var mentions = new List<PlatformMention>();
        foreach (Match match in _regex.Matches(article.Original))
        {
            if (_catalog.FindPlatform(match.Value) is not { } platform)
            {
                continue;
            }

            var start = match.Index;
            var end = match.Index + match.Length;
            var isOwner = ownersBefore.Within(Math.Max(0, start - 40), start).Any(h => article.WordsBetween(h.End, start) <= 1 && !article.HasClauseBreak(h.End, start))
                || ownersAfter.StartingAt(end) is not null;
            var isCompared = comparisons.Within(Math.Max(0, start - 40), start).Any(h => article.WordsBetween(h.End, start) <= 2 && !article.HasClauseBreak(h.End, start))
                && article.Hits(rules.RelativePronouns).StartingAt(SkipSpacesAndCommas(article, end)) is null;
            mentions.Add(new PlatformMention(start, end, platform.Id, match.Value, isOwner, isCompared) { IsAside = IsInAside(article, start, end) });
        }

        return mentions;
    }

    private static bool IsInAside(ArticleText article, int start, int end)
    {
        var sentence = article.SentenceAt(start);
        var before = article.Folded[sentence.Start..start];
        var after = article.Folded[end..sentence.End];
        var openParentheses = before.Count(c => c == '(') - before.Count(c => c == ')');
        if (openParentheses > 0 && after.Contains(')', StringComparison.Ordinal))
        {
            return true;
        }

        // Spaced dashes pair up around an aside; a single one ("Jakarta - WhatsApp …") is a dateline.
        static int Dashes(string s) => s.Split(" - ").Length - 1;
        return Dashes(before) % 2 == 1 && Dashes(after) > 0;
    }

    private static int SkipSpacesAndCommas(ArticleText article, int position)
    {
        while (position < article.Folded.Length && article.Folded[position] is ' ' or ',')
        {
            position++;
        }

        return position;
    }
}
