using FactLedger.Ledger.Catalog;

namespace FactLedger.Ledger.Extraction;

/// <summary>
/// Who a sentence credits (speaker of "kata Durov", "Durov mengatakan", "selon la société", "according to Reuters",
/// the recipient of "bilang ke Reuters") and which outlets the article cites ("Mengutip … The Verge", "Source : iMore.com").
/// Pronouns ("katanya", "a-t-il déclaré") resolve to the last speaker named before.
/// </summary>
internal sealed class AttributionFinder
{
    private const int MaxNameWords = 5;
    private readonly ArticleText _article;
    private readonly IReadOnlyList<PlatformMention> _platforms;
    private readonly PlatformCatalog _catalog;
    private readonly IReadOnlySet<string> _calendarWords;
    private readonly List<string>[] _speakers;
    private readonly List<string> _outlets = [];

    public AttributionFinder(ArticleText article, IReadOnlyList<PlatformMention> platforms, PlatformCatalog catalog)
    {
        _article = article;
        _platforms = platforms;
        _catalog = catalog;
        var dates = article.Rules.Table.Dates;
        _calendarWords = dates.Weekdays.Concat(dates.Months.Keys).Select(TextFolding.Normalize).ToHashSet(StringComparer.Ordinal);
        _speakers = new List<string>[article.Sentences.Count];
        string? lastSpeaker = null;
        foreach (var sentence in article.Sentences)
        {
            _speakers[sentence.Index] = SpeakersOf(sentence, ref lastSpeaker);
        }

        // "Mengutip … The Verge", "Source : iMore.com" frame the whole article; "according to Reuters" and
        // "berita dari Financial Times bilang …" credit one statement, so they stay with their sentence.
        var statementCues = article.Hits(article.Rules.VerbThenSpeaker);
        foreach (var cue in article.Hits(article.Rules.CitationCues).All)
        {
            if (statementCues.Within(cue.Start, cue.End).Any() || statementCues.Covers(cue.Start, cue.End))
            {
                continue;
            }

            var sentence = article.SentenceAt(cue.Start);
            if (NameAfter(cue.End, sentence.End, article.Rules.CitationFillers, 4) is { } outlet && !IsStatementSubject(outlet, cue.End, sentence.End))
            {
                AddDistinct(_outlets, outlet);
            }
        }
    }

    public IReadOnlyList<string> ArticleOutlets => _outlets;

    /// <summary>The sentence's speakers, else those of a following "dinyatakan oleh …" sentence, then the article's cited outlets.</summary>
    public IReadOnlyList<string> For(Sentence sentence, string platformId)
    {
        var names = new List<string>();
        foreach (var name in _speakers[sentence.Index])
        {
            AddDistinct(names, name == GenericSubjectMarker ? PlatformName(platformId) : name);
        }

        if (names.Count == 0 && sentence.Index + 1 < _article.Sentences.Count && _article.Sentences[sentence.Index + 1] is { } next
            && next.Paragraph == sentence.Paragraph)
        {
            foreach (var name in PassiveAgents(next))
            {
                AddDistinct(names, name);
            }
        }

        foreach (var outlet in _outlets)
        {
            AddDistinct(names, outlet);
        }

        return names;
    }

    private const string GenericSubjectMarker = "\u0000subject";

    private string PlatformName(string platformId) => _catalog.FindPlatform(platformId)?.Name ?? platformId;

    private List<string> SpeakersOf(Sentence sentence, ref string? lastSpeaker)
    {
        var rules = _article.Rules;
        var names = new List<string>();
        var verbs = _article.Hits(rules.SpeakerThenVerb).Within(sentence.Start, sentence.End).ToArray();
        var inverted = _article.Hits(rules.VerbThenSpeaker).Within(sentence.Start, sentence.End).ToArray();
        var answered = new HashSet<int>();
        foreach (var verb in inverted)
        {
            var name = NameAfter(verb.End, sentence.End, rules.SkipWords, 1) ?? GenericSubjectAfter(verb.End);
            if (name is null && rules.PronounSpeakers.Contains(WordAfter(verb.End)))
            {
                name = lastSpeaker;
            }

            if (name is not null)
            {
                AddDistinct(names, name);
                answered.Add(verb.Start);
            }
        }

        foreach (var verb in verbs.Where(v => !answered.Contains(v.Start)))
        {
            var end = SkipParenthetical(_article.SkipSpacesBackward(verb.Start), sentence.Start);
            var name = NameBefore(end, sentence.Start) ?? GenericSubjectBefore(end, sentence.Start);
            if (name is not null)
            {
                AddDistinct(names, rules.PronounSpeakers.Contains(name) && lastSpeaker is not null ? lastSpeaker : name);
            }
        }

        if (names.Count == 0 && lastSpeaker is not null && _article.Hits(rules.PronounSpeakers).Within(sentence.Start, sentence.End)
                .Any(p => p.Key.Contains(' ', StringComparison.Ordinal) || verbs.Length + inverted.Length == 0 && p.Key.Length > 4))
        {
            AddDistinct(names, lastSpeaker);
        }

        foreach (var marker in _article.Hits(rules.RecipientMarkers).Within(sentence.Start, sentence.End))
        {
            var afterSpeech = verbs.Concat(inverted).Any(v => v.Start <= marker.Start && _article.WordsBetween(v.End, marker.Start) <= 4);
            if (!afterSpeech || NameAfter(marker.End, sentence.End, rules.SkipWords, 0) is not { } recipient)
            {
                continue;
            }

            AddDistinct(names, recipient);
            var recipientEnd = _article.Folded.IndexOf(TextFolding.Fold(recipient), marker.End, StringComparison.Ordinal) + recipient.Length;
            if (_article.Hits(rules.OriginMarkers).StartingAt(_article.SkipSpaces(recipientEnd)) is { } origin
                && NameAfter(origin.End, sentence.End, rules.SkipWords, 0) is { } outlet)
            {
                AddDistinct(names, outlet);
                AddDistinct(_outlets, outlet);
            }
        }

        foreach (var name in PassiveAgents(sentence))
        {
            AddDistinct(names, name);
        }

        lastSpeaker = names.LastOrDefault(n => n != GenericSubjectMarker && _catalog.FindPlatform(n) is null)
            ?? names.LastOrDefault()
            ?? lastSpeaker;
        return names;
    }

    private bool IsStatementSubject(string name, int from, int limit)
    {
        var at = _article.Original.IndexOf(name, from, StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }

        var end = at + name.Length;
        return _article.Hits(_article.Rules.SpeakerThenVerb).Within(end, limit).Any(v => _article.WordsBetween(end, v.Start) <= 2);
    }

    private IEnumerable<string> PassiveAgents(Sentence sentence)
    {
        var rules = _article.Rules;
        foreach (var statement in _article.Hits(rules.PassiveStatement).Within(sentence.Start, sentence.End))
        {
            var agent = _article.Hits(rules.AgentMarkers).Within(statement.End, sentence.End)
                .FirstOrDefault(a => _article.WordsBetween(statement.End, a.Start) <= 3);
            if (agent.Length > 0 && NameAfter(agent.End, sentence.End, null, 3) is { } name)
            {
                yield return name;
            }
        }
    }

    private string WordAfter(int position) =>
        _article.WordAt(position) is { } word ? _article.Folded[word.Start..word.End] : "";

    private string? GenericSubjectAfter(int position)
    {
        var start = _article.SkipSpaces(position);
        return _article.Hits(_article.Rules.GenericSubjects).StartingAt(start) is not null ? GenericSubjectMarker : null;
    }

    private string? GenericSubjectBefore(int position, int limit)
    {
        var end = _article.SkipSpacesBackward(position);
        for (var skipped = 0; skipped <= 2 && end > limit; skipped++)
        {
            if (_article.Hits(_article.Rules.GenericSubjects).EndingAt(end) is not null)
            {
                return GenericSubjectMarker;
            }

            if (_article.Hits(_article.Rules.SkipWords).EndingAt(end) is not { } skip)
            {
                break;
            }

            end = _article.SkipSpacesBackward(skip.Start);
        }

        return null;
    }

    // "Le service – fondé par Pavel Durov, qui a créé VK – a déclaré": the speaker stands before the aside.
    private int SkipParenthetical(int end, int limit)
    {
        if (end <= limit)
        {
            return end;
        }

        var closing = _article.Folded[end - 1];
        var opening = closing switch { ')' => '(', '-' => '-', _ => '\0' };
        if (opening == '\0')
        {
            return end;
        }

        var open = _article.Folded.LastIndexOf(opening, end - 2, end - 1 - limit);
        return open > limit ? _article.SkipSpacesBackward(open) : end;
    }

    private string? NameAfter(int position, int limit, PhraseSet? skippable, int maxSkipped)
    {
        var tokens = new List<(int Start, int End)>();
        var skipped = 0;
        var p = position;
        while (p < limit)
        {
            p = SkipSeparators(p, limit);
            if (p >= limit || Token(p) is not { } token || token.End > limit)
            {
                break;
            }

            if (IsNameToken(token))
            {
                tokens.Add(token);
                if (tokens.Count >= MaxNameWords)
                {
                    break;
                }

                p = token.End;
                continue;
            }

            var folded = _article.Folded[token.Start..token.End];
            if (tokens.Count > 0 && _article.Rules.NameParticles.Contains(folded) && Token(_article.SkipSpaces(token.End)) is { } following && IsNameToken(following))
            {
                tokens.Add(token);
                p = token.End;
                continue;
            }

            if (tokens.Count > 0)
            {
                break;
            }

            var skipHit = skippable is null ? null : _article.Hits(skippable).StartingAt(token.Start);
            if (skipped >= maxSkipped || (skippable is not null && skipHit is null) || (skippable is null && char.IsUpper(_article.Original[token.Start])))
            {
                break;
            }

            skipped++;
            p = skipHit?.End ?? token.End;
        }

        return Clean(tokens);
    }

    private string? NameBefore(int end, int limit)
    {
        var tokens = new List<(int Start, int End)>();
        var skipped = 0;
        var p = end;
        while (p > limit)
        {
            p = _article.SkipSpacesBackward(p);
            if (p <= limit || TokenEndingAt(p) is not { } token || token.Start < limit)
            {
                break;
            }

            if (IsNameToken(token))
            {
                tokens.Insert(0, token);
                if (tokens.Count >= MaxNameWords)
                {
                    break;
                }

                p = token.Start;
                continue;
            }

            if (tokens.Count > 0 && _article.Rules.NameParticles.Contains(_article.Folded[token.Start..token.End]))
            {
                tokens.Insert(0, token);
                p = token.Start;
                continue;
            }

            if (tokens.Count > 0 || skipped >= 2 || _article.Hits(_article.Rules.SkipWords).EndingAt(token.End) is null)
            {
                break;
            }

            skipped++;
            p = token.Start;
        }

        while (tokens.Count > 0 && _article.Rules.NameParticles.Contains(_article.Folded[tokens[0].Start..tokens[0].End]))
        {
            tokens.RemoveAt(0);
        }

        // A capitalised stop word opening the sentence ("Namun Durov mengatakan") is not part of the name.
        if (tokens.Count > 1 && _article.Hits(_article.Rules.StopWords).StartingAt(tokens[0].Start) is { } stop && stop.End == tokens[0].End)
        {
            tokens.RemoveAt(0);
        }

        return Clean(tokens);
    }

    private string? Clean(List<(int Start, int End)> tokens)
    {
        while (tokens.Count > 0 && _article.Rules.NameParticles.Contains(_article.Folded[tokens[^1].Start..tokens[^1].End]))
        {
            tokens.RemoveAt(tokens.Count - 1);
        }

        // "Pendiri Telegram Pavel Durov": the platform names the role, the person after it is the speaker.
        var platform = _platforms.LastOrDefault(m => tokens.Count > 1 && m.Start >= tokens[0].Start && m.End < tokens[^1].End);
        if (platform is not null)
        {
            tokens.RemoveAll(t => t.Start < platform.End);
        }

        if (tokens.Count == 0)
        {
            return null;
        }

        var name = _article.Original[tokens[0].Start..tokens[^1].End].TrimEnd('.', ',', '\'', '\u2019');
        if (name.EndsWith("'s", StringComparison.Ordinal) || name.EndsWith("\u2019s", StringComparison.Ordinal))
        {
            name = name[..^2];
        }

        return tokens.Count == 1 && _calendarWords.Contains(TextFolding.Normalize(name)) ? null : name;
    }

    private bool IsNameToken((int Start, int End) token)
    {
        var text = _article.Original.AsSpan(token.Start, token.End - token.Start);
        if (!char.IsLetter(text[0]))
        {
            return false;
        }

        return char.IsUpper(text[0]) || text.Length > 2 && text[1..].ContainsAny("ABCDEFGHIJKLMNOPQRSTUVWXYZ".AsSpan());
    }

    private int SkipSeparators(int p, int limit)
    {
        while (p < limit && _article.Folded[p] is ' ' or ':' or '"' or '\'')
        {
            p++;
        }

        return p;
    }

    // Tokens keep inner dots and hyphens ("iMore.com", "Facebook-owned" stays one token only with letters on both sides).
    private (int Start, int End)? Token(int start)
    {
        if (start >= _article.Original.Length || !TextFolding.IsWordChar(_article.Original[start]))
        {
            return null;
        }

        var end = start;
        while (end < _article.Original.Length)
        {
            var c = _article.Original[end];
            if (TextFolding.IsWordChar(c) || c is '.' or '-' && end + 1 < _article.Original.Length && char.IsLetter(_article.Original[end + 1]) && end > start)
            {
                end++;
                continue;
            }

            break;
        }

        return (start, end);
    }

    private (int Start, int End)? TokenEndingAt(int end)
    {
        if (end <= 0 || !TextFolding.IsWordChar(_article.Original[end - 1]))
        {
            return null;
        }

        var start = end;
        while (start > 0 && (TextFolding.IsWordChar(_article.Original[start - 1])
            || _article.Original[start - 1] is '.' && start - 2 >= 0 && char.IsLetter(_article.Original[start - 2]) && start < end))
        {
            start--;
        }

        return (start, end);
    }

    private static void AddDistinct(List<string> names, string name)
    {
        if (!names.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            names.Add(name);
        }
    }
}
