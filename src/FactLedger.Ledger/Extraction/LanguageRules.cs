using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace FactLedger.Ledger.Extraction;

internal enum NumberWordRole
{
    Unit,
    Multiplier,
    Adder,
    Scale,
    Article,
    Connector,
}

/// <summary>A language table compiled into phrase sets and regular expressions, built once per language.</summary>
internal sealed class LanguageRules
{
    private static readonly ConcurrentDictionary<LanguageTable, Lazy<LanguageRules>> Cache = new(ReferenceEqualityComparer.Instance);

    private LanguageRules(LanguageTable table)
    {
        Table = table;
        Lexicon = new Lexicon();
        var numbers = table.Numbers;
        NumberWordRoles = BuildNumberWordRoles(numbers);
        NumberWords = Lexicon.Add(NumberWordRoles.Keys);
        Numeral = new Regex(NumeralPattern(numbers), ExtractionRegex.Options);
        Suffixes = numbers.Suffixes;
        Suffix = numbers.Suffixes.Count == 0
            ? null
            : new Regex(
                @"\G ?(?:" + string.Join('|', numbers.Suffixes.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape)) + @")(?![\p{L}\p{N}])",
                ExtractionRegex.Options);
        VagueQuantified = numbers.Vague.Quantifiers.Count == 0 || numbers.Vague.Heads.Count == 0
            ? null
            : new Regex(VaguePattern(numbers.Vague), ExtractionRegex.Options);
        VagueStandalone = Lexicon.Add(numbers.Vague.Standalone);
        VagueQuantifiers = Lexicon.Add(numbers.Vague.Quantifiers);

        StopWords = Lexicon.Add(table.Detection.StopWords);
        CurrencyBefore = Lexicon.Add(table.Traps.CurrencyBefore);
        CurrencyAfter = Lexicon.Add(table.Traps.CurrencyAfter);
        Percent = Lexicon.Add(table.Traps.Percent);

        var metrics = table.Metrics;
        UserNouns = Lexicon.Add(metrics.UserNouns);
        PeopleNouns = Lexicon.Add(metrics.PeopleNouns);
        UseVerbs = Lexicon.Add(metrics.UseVerbs);
        MessageNouns = Lexicon.Add(metrics.MessageNouns);
        Active = Lexicon.Add(metrics.Active);
        Monthly = Lexicon.Add(metrics.Monthly);
        Daily = Lexicon.Add(metrics.Daily);
        Registered = Lexicon.Add(metrics.Registered);
        New = Lexicon.Add(metrics.New);
        Abbreviations = Lexicon.Add(metrics.Abbreviations.Keys);
        AbbreviationMetrics = metrics.Abbreviations.ToDictionary(p => TextFolding.Normalize(p.Key), p => p.Value, StringComparer.Ordinal);
        NounConnectors = Lexicon.Add(metrics.NounConnectors);

        var change = table.Change;
        GrowthVerbs = Lexicon.Add(change.GrowthVerbs);
        AcquisitionVerbs = Lexicon.Add(change.AcquisitionVerbs);
        Since = Lexicon.Add(change.Since);
        FromLinkers = Lexicon.Add(change.FromLinkers);
        ToLinkers = Lexicon.Add(change.ToLinkers);
        AddVerbs = Lexicon.Add(change.AddVerbs);
        ListLinkers = Lexicon.Add(change.ListLinkers);

        var qualifiers = table.Qualifiers;
        AtLeast = Lexicon.Add(qualifiers.AtLeast);
        AtMost = Lexicon.Add(qualifiers.AtMost);
        Approximate = Lexicon.Add(qualifiers.Approximate);
        AtLeastAfter = Lexicon.Add(qualifiers.AtLeastAfter);
        AtMostAfter = Lexicon.Add(qualifiers.AtMostAfter);
        ApproximateAfter = Lexicon.Add(qualifiers.ApproximateAfter);
        ForecastBefore = Lexicon.Add(qualifiers.ForecastBefore);
        ForecastAfter = Lexicon.Add(qualifiers.ForecastAfter);

        var platforms = table.Platforms;
        OwnershipBefore = Lexicon.Add(platforms.OwnershipBefore);
        OwnershipAfter = Lexicon.Add(platforms.OwnershipAfter);
        ComparisonBefore = Lexicon.Add(platforms.ComparisonBefore);
        RelativePronouns = Lexicon.Add(platforms.RelativePronouns);
        GenericSubjects = Lexicon.Add(platforms.GenericSubjects);

        var attribution = table.Attribution;
        SpeakerThenVerb = Lexicon.Add(attribution.SpeakerThenVerb);
        VerbThenSpeaker = Lexicon.Add(attribution.VerbThenSpeaker);
        PronounSpeakers = Lexicon.Add(attribution.PronounSpeakers);
        RecipientMarkers = Lexicon.Add(attribution.RecipientMarkers);
        OriginMarkers = Lexicon.Add(attribution.OriginMarkers);
        CitationCues = Lexicon.Add(attribution.CitationCues);
        CitationFillers = Lexicon.Add(attribution.CitationFillers);
        PassiveStatement = Lexicon.Add(attribution.PassiveStatement);
        AgentMarkers = Lexicon.Add(attribution.AgentMarkers);
        NameParticles = attribution.NameParticles.Select(TextFolding.Normalize).ToHashSet(StringComparer.Ordinal);
        SkipWords = Lexicon.Add(attribution.SkipWords);

        Dates = new DatePatterns(table.Dates, Lexicon);
        Lexicon.Seal();
    }

    public static LanguageRules For(LanguageTable table) =>
        Cache.GetOrAdd(table, t => new Lazy<LanguageRules>(() => new LanguageRules(t))).Value;

    public LanguageTable Table { get; }

    public Lexicon Lexicon { get; }

    public string Code => Table.Code;

    public IReadOnlyDictionary<string, (NumberWordRole Role, decimal Value)> NumberWordRoles { get; }

    public PhraseSet NumberWords { get; }

    public Regex Numeral { get; }

    public Regex? Suffix { get; }

    public IReadOnlyDictionary<string, decimal> Suffixes { get; }

    public Regex? VagueQuantified { get; }

    public PhraseSet VagueStandalone { get; }

    public PhraseSet VagueQuantifiers { get; }

    public PhraseSet StopWords { get; }

    public PhraseSet CurrencyBefore { get; }

    public PhraseSet CurrencyAfter { get; }

    public PhraseSet Percent { get; }

    public PhraseSet UserNouns { get; }

    public PhraseSet PeopleNouns { get; }

    public PhraseSet UseVerbs { get; }

    public PhraseSet MessageNouns { get; }

    public PhraseSet Active { get; }

    public PhraseSet Monthly { get; }

    public PhraseSet Daily { get; }

    public PhraseSet Registered { get; }

    public PhraseSet New { get; }

    public PhraseSet Abbreviations { get; }

    public IReadOnlyDictionary<string, string> AbbreviationMetrics { get; }

    public PhraseSet NounConnectors { get; }

    public PhraseSet GrowthVerbs { get; }

    public PhraseSet AcquisitionVerbs { get; }

    public PhraseSet Since { get; }

    public PhraseSet FromLinkers { get; }

    public PhraseSet ToLinkers { get; }

    public PhraseSet AddVerbs { get; }

    public PhraseSet ListLinkers { get; }

    public PhraseSet AtLeast { get; }

    public PhraseSet AtMost { get; }

    public PhraseSet Approximate { get; }

    public PhraseSet AtLeastAfter { get; }

    public PhraseSet AtMostAfter { get; }

    public PhraseSet ApproximateAfter { get; }

    public PhraseSet ForecastBefore { get; }

    public PhraseSet ForecastAfter { get; }

    public PhraseSet OwnershipBefore { get; }

    public PhraseSet OwnershipAfter { get; }

    public PhraseSet ComparisonBefore { get; }

    public PhraseSet RelativePronouns { get; }

    public PhraseSet GenericSubjects { get; }

    public PhraseSet SpeakerThenVerb { get; }

    public PhraseSet VerbThenSpeaker { get; }

    public PhraseSet PronounSpeakers { get; }

    public PhraseSet RecipientMarkers { get; }

    public PhraseSet OriginMarkers { get; }

    public PhraseSet CitationCues { get; }

    public PhraseSet CitationFillers { get; }

    public PhraseSet PassiveStatement { get; }

    public PhraseSet AgentMarkers { get; }

    public IReadOnlySet<string> NameParticles { get; }

    public PhraseSet SkipWords { get; }

    public DatePatterns Dates { get; }

    /// <summary>A regex alternation of table phrases (folded, longest first, spaces as " +").</summary>
    public static string Alternation(IEnumerable<string> phrases)
    {
        var normalized = phrases.Select(TextFolding.Normalize).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal)
            .OrderByDescending(p => p.Length).ThenBy(p => p, StringComparer.Ordinal)
            .Select(p => string.Join(" +", p.Split(' ').Select(Regex.Escape)))
            .ToArray();
        return normalized.Length == 0 ? "(?!)" : "(?:" + string.Join('|', normalized) + ")";
    }

    private static Dictionary<string, (NumberWordRole, decimal)> BuildNumberWordRoles(NumberWords numbers)
    {
        var roles = new Dictionary<string, (NumberWordRole, decimal)>(StringComparer.Ordinal);
        void Add(IEnumerable<KeyValuePair<string, decimal>> words, NumberWordRole role)
        {
            foreach (var (word, value) in words)
            {
                roles.TryAdd(TextFolding.Normalize(word), (role, value));
            }
        }

        Add(numbers.Scales, NumberWordRole.Scale);
        Add(numbers.Multipliers, NumberWordRole.Multiplier);
        Add(numbers.Adders, NumberWordRole.Adder);
        Add(numbers.Units, NumberWordRole.Unit);
        Add(numbers.Articles.Select(a => new KeyValuePair<string, decimal>(a, 1m)), NumberWordRole.Article);
        Add(numbers.Connectors.Select(c => new KeyValuePair<string, decimal>(c, 0m)), NumberWordRole.Connector);
        return roles;
    }

    private static string NumeralPattern(NumberWords numbers)
    {
        var groups = string.Concat(numbers.GroupSeparators.Select(s => s == " " ? " " : Regex.Escape(s)));
        var grouped = groups.Length == 0
            ? ""
            : $@"\d{{1,3}}(?:[{groups}]\d{{3}})+(?:{Regex.Escape(numbers.DecimalSeparator)}\d+)?(?![\p{{N}}])|";
        return $@"(?<![\p{{L}}\p{{N}}])(?:{grouped}\d+(?:[.,]\d+)?)(?![\p{{N}}])";
    }

    private static string VaguePattern(VagueWords vague)
    {
        var connectors = vague.Connectors.Count == 0 ? "" : $"(?:{Alternation(vague.Connectors)} *)?";
        return $@"\G(?<![\p{{L}}\p{{N}}]){Alternation(vague.Quantifiers)} +{connectors}{Alternation(vague.Heads)}(?![\p{{L}}\p{{N}}])";
    }
}
