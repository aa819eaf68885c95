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

/// <summary>
/// The folded text cut into word runs and single punctuation marks, remembering whether spaces or a line break came
/// before each. Phrases match on tokens, so "lebih dari" needs a space between its words and "kira-kira" none.
/// </summary>
internal sealed class TokenStream
{
    private TokenStream(string[] texts, int[] starts, int[] ends, byte[] gaps)
    {
        Texts = texts;
        Starts = starts;
        Ends = ends;
        Gaps = gaps;
    }

    public const byte NoGap = 0;
    public const byte SpaceGap = 1;
    public const byte LineGap = 2;

    public string[] Texts { get; }

    public int[] Starts { get; }

    public int[] Ends { get; }

    /// <summary>What separates token i from token i-1.</summary>
    public byte[] Gaps { get; }

    public int Count => Texts.Length;

    public static TokenStream Of(string folded)
    {
        var texts = new List<string>();
        var starts = new List<int>();
        var ends = new List<int>();
        var gaps = new List<byte>();
        var gap = NoGap;
        var i = 0;
        while (i < folded.Length)
        {
            var c = folded[i];
            if (char.IsWhiteSpace(c))
            {
                gap = c is '\n' or '\r' || gap == LineGap ? LineGap : SpaceGap;
                i++;
                continue;
            }

            var start = i;
            if (TextFolding.IsWordChar(c))
            {
                while (i < folded.Length && TextFolding.IsWordChar(folded[i]))
                {
                    i++;
                }
            }
            else
            {
                i++;
            }

            texts.Add(folded[start..i]);
            starts.Add(start);
            ends.Add(i);
            gaps.Add(gap);
            gap = NoGap;
        }

        return new TokenStream(texts.ToArray(), starts.ToArray(), ends.ToArray(), gaps.ToArray());
    }
}

/// <summary>A list of words or phrases from a language table, matched on tokens through its <see cref="Lexicon"/>.</summary>
internal sealed class PhraseSet
{
    private readonly HashSet<string> _keys;

    internal PhraseSet(int id, IEnumerable<string> phrases)
    {
        Id = id;
        Phrases = phrases.Select(TextFolding.Normalize).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        _keys = Phrases.ToHashSet(StringComparer.Ordinal);
    }

    public int Id { get; }

    public IReadOnlyList<string> Phrases { get; }

    public bool IsEmpty => Phrases.Count == 0;

    public bool Contains(string phrase) => _keys.Contains(TextFolding.Normalize(phrase));
}

/// <summary>
/// All phrase sets of one language, indexed by first token so one pass over an article finds every set's hits
/// (leftmost, longest, not overlapping within a set), the way a regular expression alternation would.
/// </summary>
internal sealed class Lexicon
{
    private readonly List<PhraseSet> _sets = [];
    private readonly Dictionary<string, List<Entry>> _byFirstToken = new(StringComparer.Ordinal);
    private bool _sealed;

    private sealed record Entry(int SetId, string Key, string[] Tokens, byte[] Gaps);

    public int Count => _sets.Count;

    public PhraseSet Add(IEnumerable<string> phrases)
    {
        var set = new PhraseSet(_sets.Count, phrases);
        _sets.Add(set);
        foreach (var phrase in set.Phrases)
        {
            var tokens = TokenStream.Of(phrase);
            if (tokens.Count == 0)
            {
                continue;
            }

            if (!_byFirstToken.TryGetValue(tokens.Texts[0], out var entries))
            {
                entries = [];
                _byFirstToken[tokens.Texts[0]] = entries;
            }

            entries.Add(new Entry(set.Id, phrase, tokens.Texts, tokens.Gaps));
        }

        if (_sealed)
        {
            throw new InvalidOperationException("The lexicon is sealed.");
        }

        return set;
    }

    public HitList[] Match(TokenStream text)
    {
        if (!_sealed)
        {
            throw new InvalidOperationException("Seal the lexicon before matching.");
        }

        var hits = new List<PhraseHit>?[_sets.Count];
        var nextAllowed = new int[_sets.Count];
        for (var i = 0; i < text.Count; i++)
        {
            if (!_byFirstToken.TryGetValue(text.Texts[i], out var entries))
            {
                continue;
            }

            foreach (var entry in entries)
            {
                if (i < nextAllowed[entry.SetId] || !Matches(entry, text, i))
                {
                    continue;
                }

                var last = i + entry.Tokens.Length - 1;
                (hits[entry.SetId] ??= []).Add(new PhraseHit(text.Starts[i], text.Ends[last], entry.Key));
                nextAllowed[entry.SetId] = last + 1;
            }
        }

        return hits.Select(h => h is null ? HitList.Empty : new HitList(h)).ToArray();
    }

    /// <summary>Hits of one set in a text that has no article around it (language detection).</summary>
    public HitList Match(TokenStream text, PhraseSet set) => Match(text)[set.Id];

    private static bool Matches(Entry entry, TokenStream text, int first)
    {
        if (first + entry.Tokens.Length > text.Count)
        {
            return false;
        }

        for (var k = 1; k < entry.Tokens.Length; k++)
        {
            var gap = text.Gaps[first + k];
            var wanted = entry.Gaps[k];
            if (gap != wanted || !string.Equals(text.Texts[first + k], entry.Tokens[k], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Orders each first-token bucket longest phrase first; after this the lexicon is read-only and thread-safe.</summary>
    public void Seal()
    {
        foreach (var entries in _byFirstToken.Values)
        {
            entries.Sort((a, b) => b.Tokens.Length != a.Tokens.Length
                ? b.Tokens.Length.CompareTo(a.Tokens.Length)
                : b.Key.Length != a.Key.Length ? b.Key.Length.CompareTo(a.Key.Length) : string.CompareOrdinal(a.Key, b.Key));
        }

        _sealed = true;
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

/// <summary>The few patterns built from the tables (numerals, dates, platform names) are compiled once per language or catalog.</summary>
internal static class ExtractionRegex
{
    public const RegexOptions Options = RegexOptions.Compiled | RegexOptions.CultureInvariant;
}
