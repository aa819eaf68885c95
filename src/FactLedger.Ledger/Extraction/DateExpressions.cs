using System.Globalization;
using System.Text.RegularExpressions;
using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Extraction;

internal enum DateKind
{
    /// <summary>Year, month and day as far as written: "24 Feb 2016", "Mei 2015", "2015", "24 Februari".</summary>
    Calendar,

    /// <summary>A month placed relative to the publication date: "pada bulan Mei", "en octobre dernier", "Mei tahun lalu".</summary>
    Month,
    YearEnd,
    YearStart,
    LastYear,
    ThisYear,
    NextYear,
    LastMonth,
    ThisMonth,
    Now,
    Yesterday,
}

/// <summary>A time expression in the article and how to resolve it against the publication date.</summary>
internal sealed record DateMention(int Start, int End, DateKind Kind, int? Year, int? Month, int? Day, int RelativeYears, bool StrictlyBefore)
{
    public bool IsExplicitDay => Kind == DateKind.Calendar && Year is not null && Month is not null && Day is not null;

    public PartialDate Resolve(PartialDate published)
    {
        var pub = published.IsKnown ? published.Start : (DateOnly?)null;
        switch (Kind)
        {
            case DateKind.Calendar when Year is { } year:
                if (Month is not { } month)
                {
                    return PartialDate.OfYear(year);
                }

                return Day is { } day && day <= DateTime.DaysInMonth(year, month)
                    ? PartialDate.Day(year, month, day)
                    : PartialDate.OfMonth(year, month);
            case DateKind.Calendar when Month is { } monthOnly && pub is { } p:
                var candidateYear = p.Year;
                if (Day is { } d && d <= DateTime.DaysInMonth(candidateYear, monthOnly))
                {
                    var date = new DateOnly(candidateYear, monthOnly, d);
                    return date > p ? PartialDate.Day(candidateYear - 1, monthOnly, Math.Min(d, DateTime.DaysInMonth(candidateYear - 1, monthOnly))) : PartialDate.Day(candidateYear, monthOnly, d);
                }

                return PartialDate.OfMonth(monthOnly > p.Month ? candidateYear - 1 : candidateYear, monthOnly);
            case DateKind.Month when Month is { } m && Year is { } y:
                return PartialDate.OfMonth(y, m);
            case DateKind.Month when Month is { } m && pub is { } p:
                if (RelativeYears != 0 || Year is null && HasRelativeYear)
                {
                    return PartialDate.OfMonth(p.Year + RelativeYears, m);
                }

                var sameYear = StrictlyBefore ? m < p.Month : m <= p.Month;
                return PartialDate.OfMonth(sameYear ? p.Year : p.Year - 1, m);
            case DateKind.YearEnd or DateKind.YearStart:
                var month12 = Kind == DateKind.YearEnd ? 12 : 1;
                if (Year is { } explicitYear)
                {
                    return PartialDate.OfMonth(explicitYear, month12);
                }

                return pub is { } pp ? PartialDate.OfMonth(pp.Year + RelativeYears, month12) : PartialDate.Unknown;
            case DateKind.LastYear when pub is { } p:
                return PartialDate.OfYear(p.Year - 1);
            case DateKind.ThisYear when pub is { } p:
                return PartialDate.OfYear(p.Year);
            case DateKind.NextYear when pub is { } p:
                return PartialDate.OfYear(p.Year + 1);
            case DateKind.LastMonth when pub is { } p && published.Precision >= DatePrecision.Month:
                var previous = p.AddMonths(-1);
                return PartialDate.OfMonth(previous.Year, previous.Month);
            case DateKind.ThisMonth when pub is { } p && published.Precision >= DatePrecision.Month:
                return PartialDate.OfMonth(p.Year, p.Month);
            case DateKind.Now:
                return published;
            case DateKind.Yesterday when pub is { } p && published.Precision == DatePrecision.Day:
                var yesterday = p.AddDays(-1);
                return PartialDate.Day(yesterday.Year, yesterday.Month, yesterday.Day);
            default:
                return PartialDate.Unknown;
        }
    }

    /// <summary>"Mei tahun ini": a month tied to the publication year (RelativeYears 0) rather than to the latest May.</summary>
    public bool HasRelativeYear { get; init; }
}

/// <summary>The date expressions of one language, compiled from its table.</summary>
internal sealed class DatePatterns
{
    private readonly IReadOnlyDictionary<string, int> _months;
    private readonly IReadOnlySet<string> _caseSensitiveMonths;
    private readonly Regex _dayMonth;
    private readonly Regex? _monthDay;
    private readonly Regex _monthYear;
    private readonly Regex _numeric;
    private readonly Regex _month;
    private readonly Regex _yearEdge;
    private readonly bool _monthFirst;
    private readonly PhraseSet _monthNames;
    private readonly PhraseSet _lastBefore;
    private readonly PhraseSet _yearEdges;
    private readonly (PhraseSet Set, DateKind Kind)[] _relative;

    public DatePatterns(DateWords words, Lexicon lexicon)
    {
        _months = words.Months.ToDictionary(p => TextFolding.Normalize(p.Key), p => p.Value, StringComparer.Ordinal);
        _caseSensitiveMonths = words.CaseSensitiveMonths.Select(TextFolding.Normalize).ToHashSet(StringComparer.Ordinal);
        _monthFirst = string.Equals(words.DateOrder, "mdy", StringComparison.OrdinalIgnoreCase);
        var needDay = words.AbbreviatedMonthsNeedDay.Select(TextFolding.Normalize).ToHashSet(StringComparer.Ordinal);
        var anyMonth = LanguageRules.Alternation(_months.Keys);
        var fullMonth = LanguageRules.Alternation(_months.Keys.Where(m => !needDay.Contains(m)));

        // Month-led patterns are tried only where a month name or a year-edge word stands (\G), which keeps them cheap.
        const string B = @"\G(?<![\p{L}\p{N}])";
        const string E = @"(?![\p{L}\p{N}])";
        const string Year = @"(?<y>(?:1[89]|20)\d{2})";
        var opts = ExtractionRegex.Options;
        _dayMonth = new Regex($@"{B}(?<d>\d{{1,2}})(?:er|st|nd|rd|th)? +(?<m>{anyMonth})\.?(?:,? +{Year})?{E}", opts);
        _monthDay = _monthFirst
            ? new Regex($@"{B}(?<m>{anyMonth})\.? +(?<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,? +{Year})?{E}", opts)
            : null;
        _monthYear = new Regex($@"{B}(?<m>{anyMonth})\.?,? +{Year}{E}", opts);
        _numeric = new Regex(@"(?<![\p{N}/.-])(?:(?<a>\d{1,2})[/.-](?<b>\d{1,2})[/.-](?<y>\d{4}|\d{2})|(?<y>\d{4})-(?<b>\d{2})-(?<a>\d{2}))(?![\p{N}/])", opts);

        var lastYear = LanguageRules.Alternation(words.LastYear);
        var thisYear = LanguageRules.Alternation(words.ThisYear);
        _month = new Regex(
            $@"{B}(?:(?<lb>{LanguageRules.Alternation(words.LastBefore)}) +)?(?<m>{fullMonth}){E}(?: +(?:{Year}|(?<ly>{lastYear})|(?<ty>{thisYear})|(?<la>{LanguageRules.Alternation(words.LastAfter)})){E})?",
            opts);
        _yearEdge = new Regex(
            $@"{B}(?:(?<end>{LanguageRules.Alternation(words.YearEnd)})|(?<start>{LanguageRules.Alternation(words.YearStart)})) +(?:{Year}|(?<ly>{lastYear})|(?<ty>{thisYear})|(?<cy>{LanguageRules.Alternation(words.CurrentYear)})){E}",
            opts);
        BareYear = new Regex(@"(?<![\p{L}\p{N}.,/-])(?<y>(?:1[89]|20)\d{2})(?![\p{L}\p{N}/]|[.,]\d)", opts);

        _monthNames = lexicon.Add(_months.Keys);
        _lastBefore = lexicon.Add(words.LastBefore);
        _yearEdges = lexicon.Add(words.YearEnd.Concat(words.YearStart));
        _relative =
        [
            (lexicon.Add(words.LastYear), DateKind.LastYear), (lexicon.Add(words.ThisYear), DateKind.ThisYear),
            (lexicon.Add(words.NextYear), DateKind.NextYear), (lexicon.Add(words.LastMonth), DateKind.LastMonth),
            (lexicon.Add(words.ThisMonth), DateKind.ThisMonth), (lexicon.Add(words.Now), DateKind.Now),
            (lexicon.Add(words.Yesterday), DateKind.Yesterday),
        ];
        Weekdays = lexicon.Add(words.Weekdays);
        PublishedCues = lexicon.Add(words.PublishedCues);
        Comparison = lexicon.Add(words.Comparison.Concat(words.SameAs));
        SameAs = lexicon.Add(words.SameAs);
        MonthPrefixes = lexicon.Add(words.MonthPrefixes.Concat(words.YearPrefixes));
    }

    private Regex BareYear { get; }

    public PhraseSet Weekdays { get; }

    public PhraseSet PublishedCues { get; }

    public PhraseSet Comparison { get; }

    public PhraseSet SameAs { get; }

    public PhraseSet MonthPrefixes { get; }

    /// <summary>All date expressions in the text, longest first where they overlap, in text order.</summary>
    public IReadOnlyList<DateMention> FindAll(ArticleText article)
    {
        var (original, folded) = (article.Original, article.Folded);
        var found = new List<DateMention>();
        foreach (Match m in _numeric.Matches(folded))
        {
            if (Numeric(m) is { } mention)
            {
                found.Add(mention);
            }
        }

        foreach (var monthName in article.Hits(_monthNames).All)
        {
            if (DayBefore(article, monthName.Start) is { } dayStart && _dayMonth.Match(folded, dayStart) is { Success: true } dayMonth
                && MonthOf(dayMonth, original) is { } dm)
            {
                found.Add(Calendar(dayMonth, dm, Int(dayMonth, "d")));
            }

            if (_monthDay?.Match(folded, monthName.Start) is { Success: true } monthDay && MonthOf(monthDay, original) is { } md)
            {
                found.Add(Calendar(monthDay, md, Int(monthDay, "d")));
            }

            if (_monthYear.Match(folded, monthName.Start) is { Success: true } monthYear && MonthOf(monthYear, original) is { } my)
            {
                found.Add(Calendar(monthYear, my, null));
            }

            var start = article.Hits(_lastBefore).EndingAt(article.SkipSpacesBackward(monthName.Start))?.Start ?? monthName.Start;
            if (_month.Match(folded, start) is { Success: true } m && MonthOf(m, original) is { } month)
            {
                found.Add(new DateMention(m.Index, m.Index + m.Length, DateKind.Month, Int(m, "y"), month, null, m.Groups["ly"].Success ? -1 : 0,
                    StrictlyBefore: m.Groups["lb"].Success || m.Groups["la"].Success)
                {
                    HasRelativeYear = m.Groups["ly"].Success || m.Groups["ty"].Success,
                });
            }
        }

        foreach (var edge in article.Hits(_yearEdges).All)
        {
            if (_yearEdge.Match(folded, edge.Start) is { Success: true } m)
            {
                found.Add(new DateMention(m.Index, m.Index + m.Length, m.Groups["end"].Success ? DateKind.YearEnd : DateKind.YearStart,
                    Int(m, "y"), null, null, m.Groups["ly"].Success ? -1 : 0, false));
            }
        }

        foreach (var (set, kind) in _relative)
        {
            found.AddRange(article.Hits(set).All.Select(h => new DateMention(h.Start, h.End, kind, null, null, null, 0, false)));
        }

        foreach (Match m in BareYear.Matches(folded))
        {
            found.Add(new DateMention(m.Index, m.Index + m.Length, DateKind.Calendar, Int(m, "y"), null, null, 0, false));
        }

        var accepted = new List<DateMention>();
        foreach (var mention in found.OrderByDescending(d => d.End - d.Start).ThenBy(d => d.Start))
        {
            if (!accepted.Any(a => a.Start < mention.End && mention.Start < a.End))
            {
                accepted.Add(mention);
            }
        }

        return accepted.OrderBy(d => d.Start).ToArray();
    }

    // "24 Feb", "1er mai", "4th May": the day token right before a month name.
    private static int? DayBefore(ArticleText article, int monthStart)
    {
        var end = article.SkipSpacesBackward(monthStart);
        if (end == monthStart)
        {
            return null;
        }

        var start = end;
        while (start > 0 && TextFolding.IsWordChar(article.Folded[start - 1]) && end - start < 4)
        {
            start--;
        }

        return start < end && char.IsDigit(article.Folded[start]) ? start : null;
    }

    private DateMention? Numeric(Match m)
    {
        var a = Int(m, "a")!.Value;
        var b = Int(m, "b")!.Value;
        var year = Int(m, "y")!.Value;
        if (m.Groups["y"].Value.Length == 2)
        {
            year += 2000;
        }

        var iso = m.Value.Length >= 4 && char.IsDigit(m.Value[3]) && m.Value.IndexOf('-', StringComparison.Ordinal) == 4;
        int day, month;
        if (iso)
        {
            (day, month) = (a, b);
        }
        else if (a > 12)
        {
            (day, month) = (a, b);
        }
        else if (b > 12)
        {
            (day, month) = (b, a);
        }
        else
        {
            (day, month) = _monthFirst ? (b, a) : (a, b);
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || year < 1800)
        {
            return null;
        }

        return new DateMention(m.Index, m.Index + m.Length, DateKind.Calendar, year, month, day, 0, false);
    }

    private int? MonthOf(Match match, string original)
    {
        var group = match.Groups["m"];
        var key = TextFolding.Normalize(group.Value);
        if (!_months.TryGetValue(key, out var month))
        {
            return null;
        }

        return _caseSensitiveMonths.Contains(key) && !char.IsUpper(original[group.Index]) ? null : month;
    }

    private static DateMention Calendar(Match m, int month, int? day) =>
        new(m.Index, m.Index + m.Length, DateKind.Calendar, Int(m, "y"), month, day is >= 1 and <= 31 ? day : null, 0, false);

    private static int? Int(Match m, string group) =>
        m.Groups[group].Success ? int.Parse(m.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture) : null;
}
