using System.Text;
using System.Text.RegularExpressions;

namespace FactLedger.Ledger.Extraction;

/// <summary>
/// Case- and typography-folding that keeps every character where it was, so offsets found in the folded text
/// are offsets in the article ("d’utilisateurs" and "d'utilisateurs", "20 000" with a narrow no-break space).
/// </summary>
internal static class TextFolding
{
    public static string Fold(string text)
    {
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = FoldChar(source[i]);
            }
        });
    }

    public static char FoldChar(char c) => c switch
    {
        '\u00A0' or '\u202F' or '\u2007' or '\u2009' or '\u200A' or '\t' => ' ',
        '\u2019' or '\u2018' or '\u02BC' or '\u00B4' or '`' or '\u2032' => '\'',
        '\u201C' or '\u201D' or '\u00AB' or '\u00BB' or '\u201E' or '\u2033' => '"',
        '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212' => '-',
        _ => char.ToLowerInvariant(c),
    };

    /// <summary>The canonical spelling of a phrase from a table or a match: folded, single spaces.</summary>
    public static string Normalize(string phrase)
    {
        var folded = Fold(phrase.Trim());
        var builder = new StringBuilder(folded.Length);
        var lastWasSpace = false;
        foreach (var c in folded)
        {
            if (c == ' ')
            {
                if (!lastWasSpace)
                {
                    builder.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }

            lastWasSpace = false;
            builder.Append(c);
        }

        return builder.ToString();
    }

    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark;
}

internal readonly record struct PhraseHit(int Start, int End, string Key)
{
    public int Length => End - Start;
}

/// <summary>A list of words or phrases from a language table, compiled once into one regular expression.</summary>
internal sealed class PhraseSet
{
    private readonly Regex? _regex;

    public PhraseSet(IEnumerable<string> phrases)
    {
        Phrases = phrases.Select(TextFolding.Normalize).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        if (Phrases.Count == 0)
        {
            return;
        }

        var alternatives = Phrases
            .OrderByDescending(p => p.Length)
            .ThenBy(p => p, StringComparer.Ordinal)
            .Select(PatternFor);
        _regex = new Regex(string.Join('|', alternatives), RegexOptions.Compiled | RegexOptions.CultureInvariant);
    }

    public IReadOnlyList<string> Phrases { get; }

    public bool IsEmpty => _regex is null;

    public bool Contains(string phrase) => Phrases.Contains(TextFolding.Normalize(phrase), StringComparer.Ordinal);

    public HitList FindAll(string folded)
    {
        if (_regex is null)
        {
            return HitList.Empty;
        }

        var hits = new List<PhraseHit>();
        for (var match = _regex.Match(folded); match.Success; match = match.NextMatch())
        {
            if (match.Length > 0)
            {
                hits.Add(new PhraseHit(match.Index, match.Index + match.Length, TextFolding.Normalize(match.Value)));
            }
        }

        return new HitList(hits);
    }

    private static string PatternFor(string phrase)
    {
        var body = string.Join(" +", phrase.Split(' ').Select(Regex.Escape));
        var before = TextFolding.IsWordChar(phrase[0]) ? @"(?<![\p{L}\p{N}\p{Mn}])" : "";
        var after = TextFolding.IsWordChar(phrase[^1]) ? @"(?![\p{L}\p{N}\p{Mn}])" : "";
        return $"(?:{before}{body}{after})";
    }
}

/// <summary>Hits of one phrase set in one document, sorted by position, queried by range.</summary>
internal sealed class HitList(IReadOnlyList<PhraseHit> hits)
{
    public static HitList Empty { get; } = new([]);

    public IReadOnlyList<PhraseHit> All { get; } = hits;

    public IEnumerable<PhraseHit> Within(int start, int end)
    {
        for (var i = FirstAtOrAfter(start); i < All.Count && All[i].Start < end; i++)
        {
            if (All[i].End <= end)
            {
                yield return All[i];
            }
        }
    }

    public PhraseHit? StartingAt(int position)
    {
        PhraseHit? best = null;
        for (var i = FirstAtOrAfter(position); i < All.Count && All[i].Start == position; i++)
        {
            if (best is null || All[i].Length > best.Value.Length)
            {
                best = All[i];
            }
        }

        return best;
    }

    public PhraseHit? EndingAt(int position)
    {
        PhraseHit? best = null;
        for (var i = FirstAtOrAfter(Math.Max(0, position - 64)); i < All.Count && All[i].Start < position; i++)
        {
            if (All[i].End == position && (best is null || All[i].Length > best.Value.Length))
            {
                best = All[i];
            }
        }

        return best;
    }

    public bool Covers(int start, int end) => Within(Math.Max(0, start - 64), end + 64).Any(h => h.Start <= start && h.End >= end);

    private int FirstAtOrAfter(int position)
    {
        int low = 0, high = All.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (All[mid].Start < position)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
