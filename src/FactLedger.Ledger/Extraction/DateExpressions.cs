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
    private readonly DateWords _words;
    private readonly IReadOnlyDictionary<string, int> _months;
    private readonly IReadOnlySet<string> _caseSensitiveMonths;
    private readonly Regex _dayMonth;
    private readonly Regex? _monthDay;
    private readonly Regex _monthYear;
    private readonly Regex _numeric;
    private readonly Regex _month;
    private readonly Regex _yearEdge;
    private readonly Regex _relative;
    private readonly bool _monthFirst;

    public DatePatterns(DateWords words)
    {
        _words = words;
        _months = words.Months.ToDictionary(p => TextFolding.Normalize(p.Key), p => p.Value, StringComparer.Ordinal);
        _caseSensitiveMonths = words.CaseSensitiveMonths.Select(TextFolding.Normalize).ToHashSet(StringComparer.Ordinal);
        _monthFirst = string.Equals(words.DateOrder, "mdy", StringComparison.OrdinalIgnoreCase);
        var needDay = words.AbbreviatedMonthsNeedDay.Select(TextFolding.Normalize).ToHashSet(StringComparer.Ordinal);
        var anyMonth = LanguageRules.Alternation(_months.Keys);
        var fullMonth = LanguageRules.Alternation(_months.Keys.Where(m => !needDay.Contains(m)));
        const string B = @"(?<![\p{L}\p{N}])";
        const string E = @"(?![\p{L}\p{N}])";
        const string Year = @"(?<y>(?:1[89]|20)\d{2})";
        var opts = RegexOptions.Compiled | RegexOptions.CultureInvariant;

        _dayMonth = new Regex($@"{B}(?<d>\d{{1,2}})(?:er|st|nd|rd|th)? +(?<m>{anyMonth})\.?(?:,? +{Year})?{E}", opts);
        _monthDay = _monthFirst
            ? new Regex($@"{B}(?<m>{anyMonth})\.? +(?<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,? +{Year})?{E}", opts)
            : null;
        _monthYear = new Regex($@"{B}(?<m>{anyMonth})\.?,? +{Year}{E}", opts);
        _numeric = new Regex(@"(?<![\p{N}/.-])(?:(?<a>\d{1,2})[/.-](?<b>\d{1,2})[/.-](?<y>\d{4}|\d{2})|(?<y>\d{4})-(?<b>\d{2})-(?<a>\d{2}))(?![\p{N}/])", opts);

        var lastBefore = LanguageRules.Alternation(words.LastBefore);
        var lastAfter = LanguageRules.Alternation(words.LastAfter);
        var lastYear = LanguageRules.Alternation(words.LastYear);
        var thisYear = LanguageRules.Alternation(words.ThisYear);
        _month = new Regex(
            $@"{B}(?:(?<lb>{lastBefore}) +)?(?<m>{fullMonth}){E}(?: +(?:{Year}|(?<ly>{lastYear})|(?<ty>{thisYear})|(?<la>{lastAfter})){E})?",
            opts);
        _yearEdge = new Regex(
            $@"{B}(?:(?<end>{LanguageRules.Alternation(words.YearEnd)})|(?<start>{LanguageRules.Alternation(words.YearStart)})) +(?:{Year}|(?<ly>{lastYear})|(?<ty>{thisYear})){E}",
            opts);
        _relative = new Regex(
            $@"{B}(?:(?<ly>{lastYear})|(?<ty>{thisYear})|(?<ny>{LanguageRules.Alternation(words.NextYear)})|(?<lm>{LanguageRules.Alternation(words.LastMonth)})|(?<tm>{LanguageRules.Alternation(words.ThisMonth)})|(?<now>{LanguageRules.Alternation(words.Now)})|(?<yd>{LanguageRules.Alternation(words.Yesterday)})){E}",
            opts);
        BareYear = new Regex(@"(?<![\p{L}\p{N}.,/-])(?<y>(?:1[89]|20)\d{2})(?![\p{L}\p{N}/]|[.,]\d)", opts);
        Weekdays = new PhraseSet(words.Weekdays);
        PublishedCues = new PhraseSet(words.PublishedCues);
        Comparison = new PhraseSet(words.Comparison);
        MonthPrefixes = new PhraseSet(words.MonthPrefixes.Concat(words.YearPrefixes));
    }

    public Regex BareYear { get; }

    public PhraseSet Weekdays { get; }

    public PhraseSet PublishedCues { get; }

    public PhraseSet Comparison { get; }

    public PhraseSet MonthPrefixes { get; }

    /// <summary>All date expressions in the text, longest first where they overlap, in text order.</summary>
    public IReadOnlyList<DateMention> FindAll(string original, string folded)
    {
        var found = new List<DateMention>();
        foreach (Match m in _numeric.Matches(folded))
        {
            if (Numeric(m) is { } mention)
            {
                found.Add(mention);
            }
        }

        foreach (Match m in _dayMonth.Matches(folded))
        {
            if (MonthOf(m, original) is { } month)
            {
                found.Add(Calendar(m, month, Int(m, "d")));
            }
        }

        if (_monthDay is not null)
        {
            foreach (Match m in _monthDay.Matches(folded))
            {
                if (MonthOf(m, original) is { } month)
                {
                    found.Add(Calendar(m, month, Int(m, "d")));
                }
            }
        }

        foreach (Match m in _monthYear.Matches(folded))
        {
            if (MonthOf(m, original) is { } month)
            {
                found.Add(Calendar(m, month, null));
            }
        }

        foreach (Match m in _month.Matches(folded))
        {
            if (MonthOf(m, original) is not { } month)
            {
                continue;
            }

            var relative = m.Groups["ly"].Success ? -1 : 0;
            found.Add(new DateMention(m.Index, m.Index + m.Length, DateKind.Month, Int(m, "y"), month, null, relative,
                StrictlyBefore: m.Groups["lb"].Success || m.Groups["la"].Success)
            {
                HasRelativeYear = m.Groups["ly"].Success || m.Groups["ty"].Success,
            });
        }

        foreach (Match m in _yearEdge.Matches(folded))
        {
            found.Add(new DateMention(m.Index, m.Index + m.Length, m.Groups["end"].Success ? DateKind.YearEnd : DateKind.YearStart,
                Int(m, "y"), null, null, m.Groups["ly"].Success ? -1 : 0, false));
        }

        foreach (Match m in _relative.Matches(folded))
        {
            var kind = m.Groups["ly"].Success ? DateKind.LastYear
                : m.Groups["ty"].Success ? DateKind.ThisYear
                : m.Groups["ny"].Success ? DateKind.NextYear
                : m.Groups["lm"].Success ? DateKind.LastMonth
                : m.Groups["tm"].Success ? DateKind.ThisMonth
                : m.Groups["now"].Success ? DateKind.Now
                : DateKind.Yesterday;
            found.Add(new DateMention(m.Index, m.Index + m.Length, kind, null, null, null, 0, false));
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

    public DateWords Words => _words;
}
