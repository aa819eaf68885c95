namespace FactLedger.Ledger.Extraction;

internal enum NounFamily
{
    Users,
    Messages,
    Abbreviation,
}

/// <summary>The counted noun of an amount and the modifiers around it ("pengguna aktif bulanan", "monthly active users").</summary>
internal sealed record MetricPhrase(
    NounFamily Family,
    int NounStart,
    int NounEnd,
    int PhraseStart,
    int PhraseEnd,
    string? AbbreviationMetric,
    bool Active,
    bool Monthly,
    bool Daily,
    bool Registered,
    bool New,
    bool Forward,
    PlatformMention? Possessive)
{
    public bool IsPlain => Family == NounFamily.Users && !Active && !Monthly && !Daily && !Registered && !New;

    public MetricPhrase WithModifiersOf(MetricPhrase other) => this with
    {
        Active = Active || other.Active,
        Monthly = Monthly || other.Monthly,
        Daily = Daily || other.Daily,
        Registered = Registered || other.Registered,
        New = New || other.New,
    };
}

/// <summary>Finds the noun an amount counts, after it ("100 juta pengguna aktif") or, failing that, before it ("Pengguna Aktif Telegram Tembus 200 Juta").</summary>
internal sealed class MetricPhraseFinder(ArticleText article, IReadOnlyList<PlatformMention> platforms)
{
    private const int MaxWordsAfterNoun = 4;
    private const int MaxWordsBeforeNoun = 2;
    private const int MaxWordsBackward = 6;

    private LanguageRules Rules => article.Rules;

    public MetricPhrase? Forward(Amount amount, int segmentEnd)
    {
        var position = amount.End;
        var connectors = 0;
        var modifiers = new Modifiers();
        PlatformMention? possessive = null;
        var skippedCompound = false;
        for (var step = 0; step < 8; step++)
        {
            position = article.SkipSpaces(position);
            if (position >= segmentEnd)
            {
                return null;
            }

            if (NounAt(position) is { } noun)
            {
                var phraseStart = amount.End;
                var after = ModifiersAfter(noun.End, segmentEnd, out var phraseEnd, ref possessive);
                return Build(noun, phraseStart, phraseEnd, modifiers.Or(after), forward: true, possessive);
            }

            if (ModifierAt(position, modifiers) is { } modifierEnd)
            {
                position = modifierEnd;
                continue;
            }

            if (connectors < 2 && (article.Hits(Rules.NounConnectors).StartingAt(position) ?? article.Hits(Rules.AtLeastAfter).StartingAt(position)) is { } connector)
            {
                position = connector.End;
                connectors++;
                continue;
            }

            if (possessive is null && platforms.FirstOrDefault(p => p.Start == position) is { } platform)
            {
                possessive = platform;
                position = platform.End;
                if (position < article.Folded.Length && article.Folded[position] == '\'')
                {
                    position = SkipPossessiveMark(position);
                }

                continue;
            }

            // "2 billion logged-in users": one hyphenated compound is an adjective, not a noun of its own.
            if (!skippedCompound && HyphenatedCompoundAt(position) is { } compoundEnd)
            {
                skippedCompound = true;
                position = compoundEnd;
                continue;
            }

            return null;
        }

        return null;
    }

    public MetricPhrase? Backward(Amount amount, int segmentStart, IReadOnlySet<int> consumedNouns, int maxWords = MaxWordsBackward)
    {
        var nouns = Nouns(segmentStart, amount.Start).Where(n => !consumedNouns.Contains(n.Start)).ToArray();
        if (nouns.Length == 0)
        {
            return null;
        }

        var noun = nouns[^1];
        PlatformMention? possessive = null;
        var after = ModifiersAfter(noun.End, amount.Start, out var phraseEnd, ref possessive);
        if (article.WordsBetween(phraseEnd, amount.Start) > maxWords)
        {
            return null;
        }

        var before = ModifiersBefore(noun.Start, segmentStart);
        return Build(noun, Math.Min(noun.Start, before.Start ?? noun.Start), amount.Start, before.Or(after), forward: false, possessive: null);
    }

    /// <summary>Messages "per day" may be said anywhere in the clause: "Setiap Hari Ada 12 Miliar Pesan".</summary>
    public bool ClauseSaysDaily(int start, int end) => article.Hits(Rules.Daily).Within(start, end).Any();

    /// <summary>
    /// "2 milliards d'utilisateurs connectés se rendent sur YouTube chaque mois": a period said later in the same clause,
    /// with no other counted noun in between, still describes these users.
    /// </summary>
    public MetricPhrase WithClausePeriod(MetricPhrase phrase, int segmentEnd)
    {
        if (phrase.Family != NounFamily.Users || phrase.Monthly || phrase.Daily)
        {
            return phrase;
        }

        var start = phrase.PhraseEnd;
        foreach (var (set, monthly) in new[] { (Rules.Monthly, true), (Rules.Daily, false) })
        {
            var hit = article.Hits(set).Within(start, segmentEnd).Cast<PhraseHit?>().FirstOrDefault();
            if (hit is { } h && article.WordsBetween(start, h.Start) <= 8 && !article.HasClauseBreak(start, h.Start) && !Nouns(start, h.Start).Any())
            {
                return monthly ? phrase with { Monthly = true } : phrase with { Daily = true };
            }
        }

        return phrase;
    }

    private static MetricPhrase Build((int Start, int End, NounFamily Family, string? Metric) noun, int phraseStart, int phraseEnd, Modifiers modifiers, bool forward, PlatformMention? possessive)
    {
        return new MetricPhrase(noun.Family, noun.Start, noun.End, phraseStart, Math.Max(phraseEnd, noun.End), noun.Metric,
            modifiers.Active, modifiers.Monthly, modifiers.Daily, modifiers.Registered, modifiers.New, forward, possessive);
    }

    private (int Start, int End, NounFamily Family, string? Metric)? NounAt(int position)
    {
        if (article.Hits(Rules.UserNouns).StartingAt(position) is { } user)
        {
            return (user.Start, user.End, NounFamily.Users, null);
        }

        if (article.Hits(Rules.PeopleNouns).StartingAt(position) is { } people && SaysUse(people))
        {
            return (people.Start, people.End, NounFamily.Users, null);
        }

        if (article.Hits(Rules.MessageNouns).StartingAt(position) is { } message)
        {
            return (message.Start, message.End, NounFamily.Messages, null);
        }

        if (article.Hits(Rules.Abbreviations).StartingAt(position) is { } abbreviation && IsUpperInOriginal(abbreviation))
        {
            return (abbreviation.Start, abbreviation.End, NounFamily.Abbreviation, Rules.AbbreviationMetrics[abbreviation.Key]);
        }

        return null;
    }

    private IEnumerable<(int Start, int End, NounFamily Family, string? Metric)> Nouns(int start, int end)
    {
        var found = article.Hits(Rules.UserNouns).Within(start, end).Concat(article.Hits(Rules.PeopleNouns).Within(start, end).Where(SaysUse))
            .Select(h => (h.Start, h.End, NounFamily.Users, (string?)null))
            .Concat(article.Hits(Rules.MessageNouns).Within(start, end).Select(h => (h.Start, h.End, NounFamily.Messages, (string?)null)))
            .Concat(article.Hits(Rules.Abbreviations).Within(start, end).Where(IsUpperInOriginal)
                .Select(h => (h.Start, h.End, NounFamily.Abbreviation, (string?)Rules.AbbreviationMetrics[h.Key])));
        return found.OrderBy(n => n.Item1);
    }

    // "47 juta orang setiap bulan" counts users only in a clause about using: "digunakan 47 juta orang", "people use".
    private bool SaysUse(PhraseHit people)
    {
        var sentence = article.SentenceAt(people.Start);
        return article.Hits(Rules.UseVerbs).Within(sentence.Start, sentence.End)
            .Any(v => Math.Abs(v.Start < people.Start ? article.WordsBetween(v.End, people.Start) : article.WordsBetween(people.End, v.Start)) <= 6
                && !article.HasClauseBreak(Math.Min(v.End, people.End), Math.Max(v.Start, people.Start)));
    }

    // "MAU" and "MAUs" are metrics; "mau" is Indonesian for "want".
    private bool IsUpperInOriginal(PhraseHit hit)
    {
        var text = article.Original.AsSpan(hit.Start, hit.Length);
        if (text.Length > 2 && text[^1] == 's')
        {
            text = text[..^1];
        }

        foreach (var c in text)
        {
            if (char.IsLetter(c) && !char.IsUpper(c))
            {
                return false;
            }
        }

        return true;
    }

    private int? ModifierAt(int position, Modifiers modifiers)
    {
        int? end = null;
        void Check(PhraseSet set, Action mark)
        {
            if (article.Hits(set).StartingAt(position) is { } hit && (end is null || hit.End > end))
            {
                end = hit.End;
                mark();
            }
        }

        Check(Rules.Active, () => modifiers.Active = true);
        Check(Rules.Monthly, () => modifiers.Monthly = true);
        Check(Rules.Daily, () => modifiers.Daily = true);
        Check(Rules.Registered, () => modifiers.Registered = true);
        Check(Rules.New, () => modifiers.New = true);
        return end;
    }

    private Modifiers ModifiersAfter(int nounEnd, int limit, out int phraseEnd, ref PlatformMention? possessive)
    {
        var modifiers = new Modifiers();
        phraseEnd = nounEnd;
        var position = nounEnd;
        var words = 0;
        while (words <= MaxWordsAfterNoun)
        {
            position = article.SkipSpaces(position);
            if (position >= limit || position >= article.Folded.Length || !TextFolding.IsWordChar(article.Folded[position]))
            {
                break;
            }

            if (ModifierAt(position, modifiers) is { } modifierEnd)
            {
                position = phraseEnd = modifierEnd;
                words++;
                continue;
            }

            if (possessive is null && platforms.FirstOrDefault(p => p.Start == position) is { IsModifier: false } platform)
            {
                possessive = platform;
                position = phraseEnd = platform.End;
                words++;
                continue;
            }

            if (article.WordAt(position) is not { } word)
            {
                break;
            }

            position = word.End;
            words++;
        }

        return modifiers;
    }

    private Modifiers ModifiersBefore(int nounStart, int limit)
    {
        var modifiers = new Modifiers();
        var position = nounStart;
        for (var words = 0; words < MaxWordsBeforeNoun; words++)
        {
            position = article.SkipSpacesBackward(position);
            if (position <= limit)
            {
                break;
            }

            var hit = EndingAt(Rules.Active, position) ?? EndingAt(Rules.Monthly, position) ?? EndingAt(Rules.Daily, position)
                ?? EndingAt(Rules.Registered, position) ?? EndingAt(Rules.New, position);
            if (hit is null)
            {
                break;
            }

            _ = ModifierAt(hit.Value.Start, modifiers);
            modifiers.Start = hit.Value.Start;
            position = hit.Value.Start;
        }

        return modifiers;
    }

    private PhraseHit? EndingAt(PhraseSet set, int position) => article.Hits(set).EndingAt(position);

    private int? HyphenatedCompoundAt(int position)
    {
        if (article.WordAt(position) is not { } first || first.Start != position || first.End >= article.Folded.Length || article.Folded[first.End] != '-'
            || article.WordAt(first.End + 1) is not { } second || second.Start != first.End + 1)
        {
            return null;
        }

        return second.End;
    }

    /// <summary>"loin des 2 milliards de WhatsApp", "2 billion of WhatsApp's": the platform owning a number that names no noun.</summary>
    public PlatformMention? ElidedOwner(Amount amount)
    {
        var position = article.SkipSpaces(amount.End);
        if (article.Hits(Rules.NounConnectors).StartingAt(position) is { } connector)
        {
            position = article.SkipSpaces(connector.End);
            return platforms.FirstOrDefault(p => p.Start == position && !p.IsModifier);
        }

        return null;
    }

    private int SkipPossessiveMark(int position)
    {
        var end = position + 1;
        return end < article.Folded.Length && article.Folded[end] == 's' ? end + 1 : end;
    }

    private sealed class Modifiers
    {
        public bool Active { get; set; }

        public bool Monthly { get; set; }

        public bool Daily { get; set; }

        public bool Registered { get; set; }

        public bool New { get; set; }

        public int? Start { get; set; }

        public Modifiers Or(Modifiers other) => new()
        {
            Active = Active || other.Active,
            Monthly = Monthly || other.Monthly,
            Daily = Daily || other.Daily,
            Registered = Registered || other.Registered,
            New = New || other.New,
            Start = Start ?? other.Start,
        };
    }
}

/// <summary>Maps a metric phrase to a catalog metric id.</summary>
internal static class MetricChoice
{
    public const string Users = "users";
    public const string ActiveUsers = "active_users";
    public const string MonthlyActiveUsers = "monthly_active_users";
    public const string DailyActiveUsers = "daily_active_users";
    public const string RegisteredUsers = "registered_users";
    public const string MessagesPerDay = "messages_per_day";
    public const string NewUsersPerDay = "new_users_per_day";

    public static string? Choose(MetricPhrase phrase, bool clauseSaysDaily, bool addVerb)
    {
        switch (phrase.Family)
        {
            case NounFamily.Abbreviation:
                return phrase.AbbreviationMetric;
            case NounFamily.Messages:
                return phrase.Daily || clauseSaysDaily ? MessagesPerDay : null;
        }

        if (phrase.Registered)
        {
            return RegisteredUsers;
        }

        if ((phrase.Daily || clauseSaysDaily) && (phrase.New || addVerb))
        {
            return NewUsersPerDay;
        }

        if (phrase.New)
        {
            return null; // new users over an unstated period: a gain the catalog has no metric for
        }

        if (phrase.Monthly)
        {
            return MonthlyActiveUsers;
        }

        if (phrase.Daily)
        {
            return DailyActiveUsers;
        }

        return phrase.Active ? ActiveUsers : Users;
    }

    /// <summary>How specific a user metric is: users &lt; active &lt; monthly/daily; a metric is never less specific than itself.</summary>
    public static int Specificity(string metric) => metric switch
    {
        Users => 0,
        ActiveUsers or RegisteredUsers => 1,
        _ => 2,
    };

    /// <summary>Whether one metric is the other said less precisely (so two mentions may be the same claim).</summary>
    public static bool Compatible(string a, string b)
    {
        if (a == b)
        {
            return true;
        }

        var (general, specific) = Specificity(a) <= Specificity(b) ? (a, b) : (b, a);
        return general switch
        {
            Users => specific is ActiveUsers or MonthlyActiveUsers or DailyActiveUsers or RegisteredUsers,
            ActiveUsers => specific is MonthlyActiveUsers or DailyActiveUsers,
            _ => false,
        };
    }

    public static bool IsUserLevel(string metric) =>
        metric is Users or ActiveUsers or MonthlyActiveUsers or DailyActiveUsers or RegisteredUsers or NewUsersPerDay;
}
