using System.Globalization;
using FactLedger.Ledger.Catalog;
using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Extraction;

/// <summary>One amount read as a claim, before title/body mentions are merged.</summary>
internal sealed record Reading(
    Amount Amount,
    Sentence Sentence,
    string Platform,
    string Metric,
    string Qualifier,
    CandidateAsOf AsOf,
    bool AsOfExplicit,
    int QuoteStart,
    int QuoteEnd,
    IReadOnlyList<string> AttributedTo,
    double Confidence,
    IReadOnlyList<string> Cues);

/// <summary>
/// Reads every amount of an article clause by clause: what it counts, about which platform, how sure, since and as of when.
/// A clause ("segment") runs from the previous number to the next one inside the sentence, so "12 miliar …, naik dari
/// 2 miliar pada bulan Mei" gives May to the 2 billion only.
/// </summary>
internal sealed partial class ClaimReader
{
    /// <summary>Below this, a number is a count of channels, years or stickers, not a platform figure.</summary>
    public const decimal MinimumValue = 1000m;

    private readonly ArticleText _article;
    private readonly IReadOnlyList<PlatformMention> _platforms;
    private readonly IReadOnlyList<DateMention> _dates;
    private readonly PartialDate _published;
    private readonly PlatformCatalog _catalog;
    private readonly AttributionFinder _attribution;
    private readonly MetricPhraseFinder _phrases;

    public ClaimReader(ArticleText article, IReadOnlyList<PlatformMention> platforms, IReadOnlyList<DateMention> dates, PartialDate published, PlatformCatalog catalog)
    {
        _article = article;
        _platforms = platforms;
        _dates = dates;
        _published = published;
        _catalog = catalog;
        _attribution = new AttributionFinder(article, platforms, catalog);
        _phrases = new MetricPhraseFinder(article, platforms);
    }

    private LanguageRules Rules => _article.Rules;

    public IReadOnlyList<Reading> Read(IReadOnlyList<Amount> amounts)
    {
        var readings = new List<Reading>();
        var boundaries = amounts.Where(a => !_dates.Any(d => Overlaps(d.Start, d.End, a.Start, a.End)) || IsCountedYear(a)).ToArray();
        foreach (var sentence in _article.Sentences)
        {
            var inSentence = boundaries.Where(a => a.Start >= sentence.Start && a.End <= sentence.End).ToArray();
            var consumedNouns = new HashSet<int>();
            string? previousLevel = null;
            for (var i = 0; i < inSentence.Length; i++)
            {
                var amount = inSentence[i];
                var segmentStart = i == 0 ? sentence.Start : inSentence[i - 1].End;
                var segmentEnd = i + 1 < inSentence.Length ? inSentence[i + 1].Start : sentence.End;
                if (TrapReason(amount) is not null || amount.Value < MinimumValue)
                {
                    continue;
                }

                var reading = ReadAmount(amount, sentence, segmentStart, segmentEnd, consumedNouns, ref previousLevel);
                if (reading is not null)
                {
                    readings.Add(reading);
                    if (SameAsReading(reading, segmentEnd) is { } earlier)
                    {
                        readings.Add(earlier);
                    }
                }
            }
        }

        return readings;
    }

    /// <param name="previousLevel">The level metric the previous number of the sentence counted, even when that number
    /// was not proposed ("increased by 49 million [no catalog metric] to 280 million").</param>
    private Reading? ReadAmount(Amount amount, Sentence sentence, int segmentStart, int segmentEnd, HashSet<int> consumedNouns, ref string? previousLevel)
    {
        var cues = new List<string> { $"number:{Quote(amount.Start, amount.End)}={amount.Value.ToString(CultureInfo.InvariantCulture)}" };
        var confidence = 0.5;
        var bounds = new QuoteBounds(amount, sentence);

        var phrase = _phrases.Forward(amount, segmentEnd);
        if (phrase is not null)
        {
            consumedNouns.Add(phrase.NounStart);
            cues.Add($"metric-after:{Quote(amount.End, phrase.PhraseEnd).Trim()}");
            bounds.Include(phrase.PhraseStart, phrase.PhraseEnd);
            confidence += 0.2;
            if (phrase.IsPlain && _phrases.Backward(amount, segmentStart, consumedNouns, maxWords: 3) is { Family: NounFamily.Users } before && !before.IsPlain)
            {
                consumedNouns.Add(before.NounStart);
                phrase = phrase.WithModifiersOf(before);
                cues.Add($"metric-before:{Quote(before.PhraseStart, before.NounEnd)}");
                bounds.Include(before.PhraseStart, before.NounEnd);
            }
        }
        else if (EndsClause(amount, sentence) && _phrases.Backward(amount, segmentStart, consumedNouns) is { } before)
        {
            consumedNouns.Add(before.NounStart);
            phrase = before;
            cues.Add($"metric-before:{Quote(before.PhraseStart, before.NounEnd)}");
            bounds.Include(before.PhraseStart, before.NounEnd);
            confidence += 0.1;
        }

        var addVerb = FirstHit(Rules.AddVerbs, segmentStart, segmentEnd) is not null;
        if (phrase is not null)
        {
            phrase = _phrases.WithClausePeriod(phrase, segmentEnd);
        }

        var metric = phrase is null ? null : MetricChoice.Choose(phrase, _phrases.ClauseSaysDaily(segmentStart, segmentEnd), addVerb);
        if (phrase is not null || EndsClause(amount, sentence))
        {
            metric = Inherit(amount, segmentStart, phrase, metric, previousLevel, cues, bounds);
        }

        if (metric is null)
        {
            return null;
        }

        previousLevel = LevelOf(metric);

        metric = ApplyChange(amount, sentence, segmentStart, metric, cues, bounds);
        if (metric is null)
        {
            return null;
        }

        if (MetricChoice.Specificity(metric) > 0)
        {
            confidence += 0.1;
        }

        var qualifier = QualifierOf(amount, phrase, segmentStart, segmentEnd, cues, bounds);
        var (platform, platformHow) = phrase is null && _phrases.ElidedOwner(amount) is { } owner
            ? (owner, "possessive")
            : PlatformOf(amount, sentence, phrase);
        if (platform is null)
        {
            return null;
        }

        cues.Add($"platform-{platformHow}:{platform.Text}");
        if (platformHow == "possessive" || platformHow == "before" && platform.Start >= segmentStart && _article.WordsBetween(platform.End, amount.Start) <= 6)
        {
            bounds.Include(platform.Start, platform.End);
        }
        confidence += platformHow switch { "possessive" or "before" => 0.1, "previous-sentence" => -0.05, _ => -0.1 };

        var (asOf, explicitDate) = AsOfFor(amount, sentence, segmentStart, segmentEnd, cues, bounds);
        var attribution = _attribution.For(sentence, platform.PlatformId);
        if (attribution.Count > 0)
        {
            confidence += 0.05;
            cues.Add($"attribution:{string.Join(" | ", attribution)}");
        }

        if (amount.HasScale)
        {
            confidence += 0.05;
        }

        return new Reading(amount, sentence, platform.PlatformId, metric, qualifier, asOf, explicitDate, bounds.Start, bounds.End, attribution,
            Math.Clamp(confidence, 0.05, 0.95), cues);
    }

    /// <summary>
    /// "naik dari 2 miliar pesan", "contre 300 millions d'utilisateurs", "Meningkat Dari 1 Miliar": a number compared with,
    /// or listed after, the previous one counts the same thing unless it says otherwise.
    /// </summary>
    private string? Inherit(Amount amount, int segmentStart, MetricPhrase? phrase, string? metric, string? previous, List<string> cues, QuoteBounds bounds)
    {
        if (previous is null)
        {
            return metric;
        }

        var linker = NearestBefore(amount.Start, segmentStart, 2, Rules.FromLinkers, Rules.ToLinkers, Rules.ListLinkers, Rules.GrowthVerbs);
        if (linker is null)
        {
            return metric;
        }

        var sameFamily = phrase is null
            || phrase.Family == NounFamily.Users && MetricChoice.IsUserLevel(previous)
            || phrase.Family == NounFamily.Messages && previous == MetricChoice.MessagesPerDay;

        // Only a number that names no metric of its own borrows one: "contre 300 millions d'utilisateurs" stays "users".
        if (metric is null && sameFamily)
        {
            cues.Add($"metric-inherited:{previous} via '{Quote(linker.Value.Start, linker.Value.End)}'");
            bounds.Include(linker.Value.Start, linker.Value.End);
            return LevelOf(previous);
        }

        return metric;
    }

    private string LevelOf(string metric) =>
        _catalog.FindMetric(metric) is { Kind: MetricKind.Change, BaseMetric: { } level } ? level : metric;

    /// <summary>"gained 38 million", "bertambah", "berhasil menggandeng … sejak": a gain, never a level. "naik dari X": X is a level.</summary>
    private string? ApplyChange(Amount amount, Sentence sentence, int segmentStart, string metric, List<string> cues, QuoteBounds bounds)
    {
        if (metric == MetricChoice.NewUsersPerDay)
        {
            return metric;
        }

        var growth = NearestBefore(amount.Start, segmentStart, 3, Rules.GrowthVerbs);
        var acquisition = NearestBefore(amount.Start, segmentStart, 3, Rules.AcquisitionVerbs);
        var since = FirstHit(Rules.Since, sentence.Start, sentence.End);
        var verb = growth ?? (since is not null ? acquisition : null);
        if (verb is null || FirstHit(Rules.FromLinkers, verb.Value.End, amount.Start) is not null || FirstHit(Rules.ToLinkers, verb.Value.End, amount.Start) is not null)
        {
            if (NearestBefore(amount.Start, segmentStart, 2, Rules.FromLinkers) is { } from)
            {
                cues.Add($"earlier-level:{Quote(from.Start, from.End)}");
                bounds.Include(from.Start, from.End);
            }

            return metric;
        }

        var change = _catalog.Metrics.FirstOrDefault(m => m.Kind == MetricKind.Change && m.BaseMetric == metric);
        bounds.Include(verb.Value.Start, verb.Value.End);
        cues.Add(change is null
            ? $"growth-without-catalog-metric:{Quote(verb.Value.Start, verb.Value.End)}"
            : $"growth:{Quote(verb.Value.Start, verb.Value.End)}{(growth is null ? "+" + Quote(since!.Value.Start, since.Value.End) : "")}");
        return change?.Id;
    }

    private string QualifierOf(Amount amount, MetricPhrase? phrase, int segmentStart, int segmentEnd, List<string> cues, QuoteBounds bounds)
    {
        var forecast = NearestBefore(amount.Start, segmentStart, 8, Rules.ForecastBefore)
            ?? _article.Hits(Rules.ForecastAfter).Within(amount.End, segmentEnd).Cast<PhraseHit?>()
                .FirstOrDefault(h => _article.WordsBetween(amount.End, h!.Value.Start) <= 6);
        if (forecast is { } f)
        {
            cues.Add($"forecast:{Quote(f.Start, f.End)}");
            bounds.Include(f.Start, f.End);
            return Qualifiers.Forecast;
        }

        var before = _article.SkipSpacesBackward(amount.Start);
        var candidates = new (PhraseSet Set, string Qualifier)[]
        {
            (Rules.AtLeast, Qualifiers.AtLeast), (Rules.AtMost, Qualifiers.AtMost), (Rules.Approximate, Qualifiers.Approximate),
        };
        var prefix = candidates
            .Select(c => (Hit: _article.Hits(c.Set).EndingAt(before), c.Qualifier))
            .Where(c => c.Hit is not null)
            .OrderByDescending(c => c.Hit!.Value.Length)
            .FirstOrDefault();
        if (prefix.Hit is { } hit)
        {
            cues.Add($"qualifier:{Quote(hit.Start, hit.End)}");
            bounds.Include(hit.Start, hit.End);
            return prefix.Qualifier;
        }

        var suffixes = new (PhraseSet Set, string Qualifier)[]
        {
            (Rules.AtLeastAfter, Qualifiers.AtLeast), (Rules.AtMostAfter, Qualifiers.AtMost), (Rules.ApproximateAfter, Qualifiers.Approximate),
        };
        foreach (var position in new[] { amount.End, phrase?.PhraseEnd ?? amount.End }.Distinct())
        {
            var at = _article.SkipSpaces(position);
            foreach (var (set, qualifier) in suffixes)
            {
                if (_article.Hits(set).StartingAt(at) is { } after)
                {
                    cues.Add($"qualifier:{Quote(after.Start, after.End)}");
                    bounds.Include(after.Start, after.End);
                    return qualifier;
                }
            }
        }

        return Qualifiers.Exact;
    }

    /// <summary>After a number whose noun came before it ("Pengguna aktif … tembus 200 juta"), the clause must end or go on with a function word, not a noun of its own ("20 pays").</summary>
    private bool EndsClause(Amount amount, Sentence sentence)
    {
        var position = _article.SkipSpaces(amount.End);
        for (var step = 0; step < 3; step++)
        {
            if (position >= sentence.End || !TextFolding.IsWordChar(_article.Folded[position]))
            {
                return true;
            }

            var skip = _article.Hits(Rules.AtLeastAfter).StartingAt(position) ?? _article.Hits(Rules.NounConnectors).StartingAt(position);
            if (skip is null)
            {
                break;
            }

            position = _article.SkipSpaces(skip.Value.End);
        }

        return _article.Hits(Rules.StopWords).StartingAt(position) is not null
            || _dates.Any(d => d.Start == position)
            || _article.Hits(Rules.ForecastAfter).StartingAt(position) is not null
            || _article.Hits(Rules.Dates.MonthPrefixes).StartingAt(position) is not null
            || _platforms.Any(p => p.Start == position);
    }

    private PhraseHit? NearestBefore(int position, int segmentStart, int maxWords, params PhraseSet[] sets)
    {
        PhraseHit? best = null;
        foreach (var set in sets)
        {
            foreach (var hit in _article.Hits(set).Within(segmentStart, position))
            {
                if (_article.WordsBetween(hit.End, position) <= maxWords && (best is null || hit.End > best.Value.End) && !InsideQualifier(hit))
                {
                    best = hit;
                }
            }
        }

        return best;
    }

    // The "dari" of "lebih dari" and the "de" of "plus de" belong to the qualifier, not to a comparison.
    private bool InsideQualifier(PhraseHit hit) =>
        new[] { Rules.AtLeast, Rules.AtMost, Rules.Approximate }.Any(set =>
            _article.Hits(set).Within(Math.Max(0, hit.Start - 40), hit.End).Any(q => q.Start <= hit.Start && q.End >= hit.End && q.Length > hit.Length));

    private PhraseHit? FirstHit(PhraseSet set, int start, int end) =>
        _article.Hits(set).Within(start, end).Cast<PhraseHit?>().FirstOrDefault();

    private string Quote(int start, int end) => _article.Slice(start, end);

    private static bool Overlaps(int aStart, int aEnd, int bStart, int bEnd) => aStart < bEnd && bStart < aEnd;
}
