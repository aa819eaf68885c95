using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Extraction;

internal sealed partial class ClaimReader
{
    /// <summary>Why a number cannot be a platform figure (money, percentage, date, phone or code), or null.</summary>
    internal string? TrapReason(Amount amount)
    {
        var folded = _article.Folded;
        if (_dates.Any(d => Overlaps(d.Start, d.End, amount.Start, amount.End)) && !IsCountedYear(amount))
        {
            return "date";
        }

        var before = amount.Start > 0 ? folded[amount.Start - 1] : ' ';
        var after = amount.End < folded.Length ? folded[amount.End] : ' ';
        var afterNext = amount.End + 1 < folded.Length ? folded[amount.End + 1] : ' ';
        if (before is '/' or ':' or '+' or '#' || before == '-' && amount.Start > 1 && TextFolding.IsWordChar(folded[amount.Start - 2])
            || after is '/' or ':' || after == '-' && char.IsDigit(afterNext))
        {
            return "code";
        }

        if (!amount.InWords && folded[amount.Start] == '0' && amount.End - amount.Start > 1 && char.IsDigit(folded[amount.Start + 1]))
        {
            return "code";
        }

        if (!amount.HasScale && !amount.InWords && (DigitBefore(amount.Start) || DigitAfter(amount.End)))
        {
            return "digit-sequence";
        }

        var start = _article.SkipSpacesBackward(amount.Start);
        if (_article.Hits(Rules.CurrencyBefore).EndingAt(start) is not null || start > 0 && folded[start - 1] is '$' or '€' or '£' or '¥')
        {
            return "money";
        }

        var end = _article.SkipSpaces(amount.End);
        if (_article.Hits(Rules.CurrencyAfter).StartingAt(end) is not null)
        {
            return "money";
        }

        return _article.Hits(Rules.Percent).StartingAt(end) is not null ? "percentage" : null;
    }

    // "2000 users" is a number even though 2000 looks like a year.
    private bool IsCountedYear(Amount amount)
    {
        var next = _article.SkipSpaces(amount.End);
        return _dates.Any(d => d.Start == amount.Start && d.End == amount.End && d.Kind == DateKind.Calendar && d.Month is null)
            && (_article.Hits(Rules.UserNouns).StartingAt(next) is not null || _article.Hits(Rules.MessageNouns).StartingAt(next) is not null);
    }

    private bool DigitBefore(int position)
    {
        var p = _article.SkipSpacesBackward(position);
        return p < position && p > 0 && char.IsDigit(_article.Folded[p - 1]);
    }

    private bool DigitAfter(int position)
    {
        var p = _article.SkipSpaces(position);
        return p > position && p < _article.Folded.Length && char.IsDigit(_article.Folded[p]);
    }

    /// <summary>
    /// The platform a number is about: the one its noun belongs to ("pengguna aktif Telegram", "WhatsApp users"), else the
    /// nearest named before it in the sentence that is not a modifier ("dimiliki Facebook"), else the last one named before
    /// the sentence ("aplikasi … tersebut"), else one named later in the sentence.
    /// </summary>
    private (PlatformMention? Platform, string How) PlatformOf(Amount amount, Sentence sentence, MetricPhrase? phrase)
    {
        if (phrase?.Possessive is { } possessive)
        {
            return (possessive, "possessive");
        }

        var before = _platforms.LastOrDefault(p => p.Start >= sentence.Start && p.End <= amount.Start && !p.IsModifier);
        if (before is not null)
        {
            return (before, "before");
        }

        var previous = _platforms.LastOrDefault(p => p.End <= sentence.Start && !p.IsOwner && !p.IsAside);
        if (previous is not null)
        {
            return (previous, "previous-sentence");
        }

        var later = _platforms.FirstOrDefault(p => p.Start >= amount.End && p.End <= sentence.End && !p.IsModifier);
        return (later, "later");
    }

    /// <summary>
    /// The time a number holds for: the nearest time expression in its clause (after it first, as articles put time
    /// adverbials last), "sejak/since/depuis X" as the start of a change, else the publication date, flagged as assumed.
    /// </summary>
    private (CandidateAsOf AsOf, bool Explicit) AsOfFor(Amount amount, Sentence sentence, int segmentStart, int segmentEnd, List<string> cues, QuoteBounds bounds)
    {
        var inSegment = _dates.Where(d => d.Start >= segmentStart && d.End <= segmentEnd && d.Start >= sentence.Start && d.End <= sentence.End).ToList();
        DateMention? since = null;
        PhraseHit? sinceWord = null;
        foreach (var word in _article.Hits(Rules.Since).Within(segmentStart, segmentEnd))
        {
            var next = SkipPrefixes(word.End);
            if (inSegment.FirstOrDefault(d => d.Start == next) is { } date)
            {
                since = date;
                sinceWord = word;
                inSegment.Remove(date);
                break;
            }
        }

        inSegment.RemoveAll(IsComparisonDate);
        var chosen = inSegment.FirstOrDefault(d => d.Start >= amount.End) ?? inSegment.LastOrDefault(d => d.End <= amount.Start);
        PartialDate? sinceDate = since?.Resolve(_published) is { IsKnown: true } s ? s : null;
        if (sinceDate is not null)
        {
            cues.Add($"since:{Quote(sinceWord!.Value.Start, since!.End)}");
            bounds.Include(sinceWord.Value.Start, since.End);
        }

        if (chosen is not null)
        {
            var resolved = chosen.Resolve(_published);
            var start = WithPrefix(chosen.Start);
            cues.Add($"as-of:{Quote(start, chosen.End)}");
            if (chosen.Start >= amount.End || _article.WordsBetween(chosen.End, amount.Start) <= 6)
            {
                bounds.Include(start, chosen.End);
            }

            return (new CandidateAsOf(resolved, sinceDate, false, Quote(start, chosen.End)), true);
        }

        if (since is not null)
        {
            return (new CandidateAsOf(_published, sinceDate, false, Quote(sinceWord!.Value.Start, since.End)), true);
        }

        cues.Add(_published.IsKnown ? "as-of:publication-date(assumed)" : "as-of:unknown");
        return (new CandidateAsOf(_published, null, _published.IsKnown, null), false);
    }

    /// <summary>"sekitar 60 juta pengguna, sama seperti pada bulan Mei": the same figure, also true at that earlier date.</summary>
    private Reading? SameAsReading(Reading reading, int segmentEnd)
    {
        foreach (var marker in _article.Hits(Rules.Dates.SameAs).Within(reading.Amount.End, segmentEnd))
        {
            var date = _dates.FirstOrDefault(d => d.Start >= marker.End && d.End <= segmentEnd && _article.WordsBetween(marker.End, d.Start) <= 2);
            if (date is not null)
            {
                var text = Quote(WithPrefix(date.Start), date.End);
                var cues = reading.Cues.Where(c => !c.StartsWith("as-of:", StringComparison.Ordinal))
                    .Append($"same-as:{Quote(marker.Start, date.End)}").ToArray();
                return reading with
                {
                    AsOf = new CandidateAsOf(date.Resolve(_published), null, false, text),
                    AsOfExplicit = true,
                    QuoteEnd = Math.Max(reading.QuoteEnd, date.End),
                    Cues = cues,
                };
            }
        }

        return null;
    }

    // "pada bulan Mei", "in May": the article's own time words include the preposition.
    private int WithPrefix(int dateStart)
    {
        var end = _article.SkipSpacesBackward(dateStart);
        return end < dateStart && _article.Hits(Rules.Dates.MonthPrefixes).EndingAt(end) is { } prefix ? prefix.Start : dateStart;
    }

    private int SkipPrefixes(int position)
    {
        var p = _article.SkipSpaces(position);
        if (_article.Hits(Rules.Dates.MonthPrefixes).StartingAt(p) is { } prefix && !_dates.Any(d => d.Start == p))
        {
            p = _article.SkipSpaces(prefix.End);
        }

        return p;
    }

    // "sama seperti pada bulan Mei": May is what the figure is compared with, not when it was true.
    private bool IsComparisonDate(DateMention date) =>
        _article.Hits(Rules.Dates.Comparison).Within(Math.Max(0, date.Start - 40), date.Start)
            .Any(h => _article.WordsBetween(h.End, date.Start) <= 2 && !_article.HasClauseBreak(h.End, date.Start));

    /// <summary>The shortest span holding the number and the words it was read from (noun, qualifier, platform, time).</summary>
    private sealed class QuoteBounds(Amount amount, Sentence sentence)
    {
        public int Start { get; private set; } = amount.Start;

        public int End { get; private set; } = amount.End;

        public void Include(int start, int end)
        {
            if (start >= sentence.Start && end <= sentence.End && end > start)
            {
                Start = Math.Min(Start, start);
                End = Math.Max(End, end);
            }
        }
    }
}
