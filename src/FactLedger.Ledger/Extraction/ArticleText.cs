namespace FactLedger.Ledger.Extraction;

/// <summary>A sentence (or a title line) of the article; Start/End are offsets into the article, End exclusive.</summary>
internal sealed record Sentence(int Index, int Start, int End, int Paragraph)
{
    /// <summary>A line standing alone without closing punctuation: a headline, subtitle or caption.</summary>
    public bool IsHeadline { get; init; }
}

/// <summary>
/// The article as the rules see it: the original text, its same-length folded twin, sentences and word tokens,
/// and the hits of every phrase set computed once.
/// </summary>
internal sealed class ArticleText
{
    private readonly HitList[] _hits;
    private readonly int[] _wordStarts;

    public ArticleText(string original, LanguageRules rules)
    {
        Original = original;
        Folded = TextFolding.Fold(original);
        Rules = rules;
        Sentences = Segment(original);
        Tokens = TokenStream.Of(Folded);
        _hits = rules.Lexicon.Match(Tokens);
        var starts = new List<int>();
        for (var i = 0; i < Folded.Length; i++)
        {
            if (TextFolding.IsWordChar(Folded[i]) && (i == 0 || !TextFolding.IsWordChar(Folded[i - 1])))
            {
                starts.Add(i);
            }
        }

        _wordStarts = starts.ToArray();
    }

    public string Original { get; }

    public string Folded { get; }

    public LanguageRules Rules { get; }

    public IReadOnlyList<Sentence> Sentences { get; }

    public TokenStream Tokens { get; }

    public HitList Hits(PhraseSet set) => _hits[set.Id];

    /// <summary>How many words start in [start, end).</summary>
    public int WordsBetween(int start, int end)
    {
        if (end <= start)
        {
            return 0;
        }

        return LowerBound(end) - LowerBound(start);
    }

    public string Slice(int start, int end) => Original[start..end];

    public Sentence SentenceAt(int position)
    {
        foreach (var sentence in Sentences)
        {
            if (position >= sentence.Start && position < sentence.End)
            {
                return sentence;
            }
        }

        return Sentences.LastOrDefault(s => s.Start <= position) ?? new Sentence(-1, 0, Original.Length, 0);
    }

    /// <summary>True when [start, end) holds only spaces and characters from <paramref name="allowed"/>.</summary>
    public bool OnlySpaces(int start, int end, string allowed = "")
    {
        for (var p = start; p < end; p++)
        {
            var c = Folded[p];
            if (c != ' ' && !allowed.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public bool HasClauseBreak(int start, int end)
    {
        for (var p = Math.Max(0, start); p < Math.Min(end, Folded.Length); p++)
        {
            if (Folded[p] is ',' or ';' or ':' or '(' or ')' or '"' or '!' or '?' or '\n' or '.' && IsSentencePunctuation(p))
            {
                return true;
            }
        }

        return false;
    }

    public int SkipSpaces(int position)
    {
        while (position < Folded.Length && Folded[position] == ' ')
        {
            position++;
        }

        return position;
    }

    public int SkipSpacesBackward(int position)
    {
        while (position > 0 && Folded[position - 1] == ' ')
        {
            position--;
        }

        return position;
    }

    /// <summary>The first word starting at or after <paramref name="position"/>, if nothing but spaces comes before it.</summary>
    public (int Start, int End)? WordAt(int position)
    {
        var p = SkipSpaces(position);
        if (p >= Folded.Length || !TextFolding.IsWordChar(Folded[p]))
        {
            return null;
        }

        var end = p;
        while (end < Folded.Length && TextFolding.IsWordChar(Folded[end]))
        {
            end++;
        }

        return (p, end);
    }

    private bool IsSentencePunctuation(int p) => p + 1 >= Folded.Length || !char.IsDigit(Folded[p + 1]);

    private int LowerBound(int position)
    {
        int low = 0, high = _wordStarts.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (_wordStarts[mid] < position)
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

    /// <summary>Lines are paragraphs (titles and bylines are lines of their own); lines split into sentences at . ! ? … before a capital, digit or quote.</summary>
    internal static IReadOnlyList<Sentence> Segment(string text)
    {
        var sentences = new List<Sentence>();
        var paragraph = 0;
        var lineStart = 0;
        while (lineStart <= text.Length)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }

            if (!string.IsNullOrWhiteSpace(text[lineStart..lineEnd]))
            {
                var first = sentences.Count;
                SplitLine(text, lineStart, lineEnd, paragraph, sentences);
                if (sentences.Count == first + 1 && text[sentences[first].End - 1] is not ('.' or '!' or '?' or '…' or '"' or '\u201D' or '\u00BB' or ')' or ':'))
                {
                    sentences[first] = sentences[first] with { IsHeadline = true };
                }

                paragraph++;
            }

            lineStart = lineEnd + 1;
        }

        return sentences;
    }

    private static void SplitLine(string text, int start, int end, int paragraph, List<Sentence> sentences)
    {
        var sentenceStart = start;
        for (var i = start; i < end; i++)
        {
            if (text[i] is not ('.' or '!' or '?' or '…'))
            {
                continue;
            }

            var close = i + 1;
            while (close < end && text[close] is '"' or '\u201D' or '\u00BB' or ')' or '\u2019' or '\'' or '.' or '!' or '?')
            {
                close++;
            }

            var next = close;
            while (next < end && char.IsWhiteSpace(text[next]))
            {
                next++;
            }

            if (next == close || next >= end)
            {
                continue;
            }

            var startsSentence = char.IsUpper(text[next]) || char.IsDigit(text[next]) || text[next] is '"' or '\u201C' or '\u00AB' or '-' or '\u2013' or '\u2014' or '(';
            if (!startsSentence || text[i] == '.' && IsAbbreviation(text, sentenceStart, i))
            {
                continue;
            }

            Add(text, sentenceStart, close, paragraph, sentences);
            sentenceStart = next;
            i = next - 1;
        }

        Add(text, sentenceStart, end, paragraph, sentences);
    }

    // "M. Durov", "Dr. Smith": a one- or two-letter capitalised word before the dot is an abbreviation, not a sentence end.
    private static bool IsAbbreviation(string text, int sentenceStart, int dot)
    {
        var wordStart = dot;
        while (wordStart > sentenceStart && char.IsLetter(text[wordStart - 1]))
        {
            wordStart--;
        }

        var length = dot - wordStart;
        return length is >= 1 and <= 2 && char.IsUpper(text[wordStart]);
    }

    private static void Add(string text, int start, int end, int paragraph, List<Sentence> sentences)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            sentences.Add(new Sentence(sentences.Count, start, end, paragraph));
        }
    }
}
