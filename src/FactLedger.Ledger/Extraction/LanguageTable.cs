using System.Collections.Frozen;
using System.Text.Json;

namespace FactLedger.Ledger.Extraction;

/// <summary>
/// Every word the extractor knows for one language, read from <c>Extraction/Languages/&lt;code&gt;.json</c>.
/// Adding a language means adding a file: no code names a language.
/// </summary>
public sealed class LanguageTable
{
    public string Code { get; init; } = "";
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public string Name { get; init; } = "";
    public DetectionWords Detection { get; init; } = new();
    public NumberWords Numbers { get; init; } = new();
    public TrapWords Traps { get; init; } = new();
    public MetricWords Metrics { get; init; } = new();
    public ChangeWords Change { get; init; } = new();
    public QualifierWords Qualifiers { get; init; } = new();
    public PlatformContextWords Platforms { get; init; } = new();
    public AttributionWords Attribution { get; init; } = new();
    public DateWords Dates { get; init; } = new();
}

public sealed class DetectionWords
{
    public IReadOnlyList<string> StopWords { get; init; } = [];
}

public sealed class NumberWords
{
    public string DecimalSeparator { get; init; } = ".";
    public IReadOnlyList<string> GroupSeparators { get; init; } = [","];
    public IReadOnlyDictionary<string, decimal> Units { get; init; } = new Dictionary<string, decimal>();
    public IReadOnlyDictionary<string, decimal> Multipliers { get; init; } = new Dictionary<string, decimal>();
    public IReadOnlyDictionary<string, decimal> Adders { get; init; } = new Dictionary<string, decimal>();
    public IReadOnlyDictionary<string, decimal> Scales { get; init; } = new Dictionary<string, decimal>();
    public IReadOnlyList<string> Articles { get; init; } = [];
    public IReadOnlyList<string> Connectors { get; init; } = [];

    /// <summary>Case-sensitive abbreviations written against the digits ("1.5M", "900k", "5 M" for miliar).</summary>
    public IReadOnlyDictionary<string, decimal> Suffixes { get; init; } = new Dictionary<string, decimal>();
    public VagueWords Vague { get; init; } = new();
}

public sealed class VagueWords
{
    public IReadOnlyList<string> Quantifiers { get; init; } = [];
    public IReadOnlyList<string> Connectors { get; init; } = [];
    public IReadOnlyList<string> Heads { get; init; } = [];
    public IReadOnlyList<string> Standalone { get; init; } = [];
}

public sealed class TrapWords
{
    public IReadOnlyList<string> CurrencyBefore { get; init; } = [];
    public IReadOnlyList<string> CurrencyAfter { get; init; } = [];
    public IReadOnlyList<string> Percent { get; init; } = [];
}

public sealed class MetricWords
{
    public IReadOnlyList<string> UserNouns { get; init; } = [];
    public IReadOnlyList<string> MessageNouns { get; init; } = [];
    public IReadOnlyList<string> Active { get; init; } = [];
    public IReadOnlyList<string> Monthly { get; init; } = [];
    public IReadOnlyList<string> Daily { get; init; } = [];
    public IReadOnlyList<string> Registered { get; init; } = [];
    public IReadOnlyList<string> New { get; init; } = [];
    public IReadOnlyDictionary<string, string> Abbreviations { get; init; } = new Dictionary<string, string>();

    /// <summary>"orang", "people", "personnes": users only where the clause says they use the platform ("useVerbs").</summary>
    public IReadOnlyList<string> PeopleNouns { get; init; } = [];
    public IReadOnlyList<string> UseVerbs { get; init; } = [];

    /// <summary>Words allowed between a number and its noun ("400 millions d'utilisateurs", "100 juta orang pengguna").</summary>
    public IReadOnlyList<string> NounConnectors { get; init; } = [];
}

public sealed class ChangeWords
{
    public IReadOnlyList<string> GrowthVerbs { get; init; } = [];

    /// <summary>"berhasil menggandeng", "attracted": a gain only when the sentence also says since when.</summary>
    public IReadOnlyList<string> AcquisitionVerbs { get; init; } = [];
    public IReadOnlyList<string> Since { get; init; } = [];
    public IReadOnlyList<string> FromLinkers { get; init; } = [];
    public IReadOnlyList<string> ToLinkers { get; init; } = [];
    public IReadOnlyList<string> AddVerbs { get; init; } = [];
    public IReadOnlyList<string> ListLinkers { get; init; } = [];
}

public sealed class QualifierWords
{
    public IReadOnlyList<string> AtLeast { get; init; } = [];
    public IReadOnlyList<string> AtMost { get; init; } = [];
    public IReadOnlyList<string> Approximate { get; init; } = [];
    public IReadOnlyList<string> AtLeastAfter { get; init; } = [];
    public IReadOnlyList<string> AtMostAfter { get; init; } = [];
    public IReadOnlyList<string> ApproximateAfter { get; init; } = [];
    public IReadOnlyList<string> ForecastBefore { get; init; } = [];
    public IReadOnlyList<string> ForecastAfter { get; init; } = [];
}

public sealed class PlatformContextWords
{
    public IReadOnlyList<string> OwnershipBefore { get; init; } = [];
    public IReadOnlyList<string> OwnershipAfter { get; init; } = [];
    public IReadOnlyList<string> ComparisonBefore { get; init; } = [];

    /// <summary>"seperti WhatsApp yang memiliki…", "such as WhatsApp, which has…": the compared platform is the subject again.</summary>
    public IReadOnlyList<string> RelativePronouns { get; init; } = [];
    public IReadOnlyList<string> GenericSubjects { get; init; } = [];
}

public sealed class AttributionWords
{
    public IReadOnlyList<string> SpeakerThenVerb { get; init; } = [];
    public IReadOnlyList<string> VerbThenSpeaker { get; init; } = [];
    public IReadOnlyList<string> PronounSpeakers { get; init; } = [];
    public IReadOnlyList<string> RecipientMarkers { get; init; } = [];
    public IReadOnlyList<string> OriginMarkers { get; init; } = [];
    public IReadOnlyList<string> CitationCues { get; init; } = [];
    public IReadOnlyList<string> CitationFillers { get; init; } = [];
    public IReadOnlyList<string> PassiveStatement { get; init; } = [];
    public IReadOnlyList<string> AgentMarkers { get; init; } = [];
    public IReadOnlyList<string> NameParticles { get; init; } = [];
    public IReadOnlyList<string> SkipWords { get; init; } = [];
}

public sealed class DateWords
{
    /// <summary>"dmy" or "mdy": how to read "4/5/2016" when both parts could be a month.</summary>
    public string DateOrder { get; init; } = "dmy";
    public IReadOnlyDictionary<string, int> Months { get; init; } = new Dictionary<string, int>();
    public IReadOnlyList<string> AbbreviatedMonthsNeedDay { get; init; } = [];

    /// <summary>Month names that are also common words ("may"): only a capitalised spelling counts.</summary>
    public IReadOnlyList<string> CaseSensitiveMonths { get; init; } = [];
    public IReadOnlyList<string> Weekdays { get; init; } = [];
    public IReadOnlyList<string> MonthPrefixes { get; init; } = [];
    public IReadOnlyList<string> LastBefore { get; init; } = [];
    public IReadOnlyList<string> LastAfter { get; init; } = [];
    public IReadOnlyList<string> LastYear { get; init; } = [];
    public IReadOnlyList<string> ThisYear { get; init; } = [];
    public IReadOnlyList<string> NextYear { get; init; } = [];
    public IReadOnlyList<string> LastMonth { get; init; } = [];
    public IReadOnlyList<string> ThisMonth { get; init; } = [];
    public IReadOnlyList<string> Now { get; init; } = [];
    public IReadOnlyList<string> Yesterday { get; init; } = [];
    public IReadOnlyList<string> YearEnd { get; init; } = [];
    public IReadOnlyList<string> YearStart { get; init; } = [];

    /// <summary>What "the year" means after a year-end or year-start word: "akhir tahun", "by the end of the year".</summary>
    public IReadOnlyList<string> CurrentYear { get; init; } = [];
    public IReadOnlyList<string> YearPrefixes { get; init; } = [];

    /// <summary>Words that make a following date a point of comparison, not the claim's date ("sama seperti pada bulan Mei").</summary>
    public IReadOnlyList<string> Comparison { get; init; } = [];

    /// <summary>"sama seperti pada bulan Mei", "unchanged from May": the figure also held at that date, a second claim.</summary>
    public IReadOnlyList<string> SameAs { get; init; } = [];
    public IReadOnlyList<string> PublishedCues { get; init; } = [];
}

/// <summary>The language tables embedded in this assembly, keyed by code and alias (case-insensitive).</summary>
public static class LanguageTables
{
    private const string ResourcePrefix = "FactLedger.Ledger.Extraction.Languages.";

    private static readonly Lazy<IReadOnlyList<LanguageTable>> Tables = new(LoadAll);

    private static readonly Lazy<FrozenDictionary<string, LanguageTable>> ByCode = new(() =>
    {
        var byCode = new Dictionary<string, LanguageTable>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in Tables.Value)
        {
            byCode[table.Code] = table;
            foreach (var alias in table.Aliases)
            {
                byCode.TryAdd(alias, table);
            }
        }

        return byCode.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    });

    public static IReadOnlyList<LanguageTable> All => Tables.Value;

    public static LanguageTable? Find(string? codeOrAlias) =>
        string.IsNullOrWhiteSpace(codeOrAlias) ? null : ByCode.Value.GetValueOrDefault(codeOrAlias.Trim());

    public static LanguageTable Parse(Stream json) =>
        JsonSerializer.Deserialize<LanguageTable>(json, Json) ?? throw new InvalidDataException("Empty language table.");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static IReadOnlyList<LanguageTable> LoadAll()
    {
        var assembly = typeof(LanguageTables).Assembly;
        var tables = new List<LanguageTable>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Language table resource {name} is missing.");
            var table = Parse(stream);
            if (string.IsNullOrWhiteSpace(table.Code))
            {
                throw new InvalidDataException($"Language table {name} has no code.");
            }

            tables.Add(table);
        }

        return tables;
    }
}
