using System.Text;
using FactLedger.Ledger.Catalog;
using FactLedger.Ledger.Extraction;

namespace FactLedger.Ledger.Tests.Extraction;

public sealed class LanguageTableTests
{
    [Fact]
    public void The_embedded_tables_are_indonesian_french_and_english_and_malay_reads_as_indonesian()
    {
        Assert.Equal(["en", "fr", "id"], LanguageTables.All.Select(t => t.Code).Order().ToArray());
        Assert.Same(LanguageTables.Find("id"), LanguageTables.Find("ms"));
        Assert.Null(LanguageTables.Find("xx"));
    }

    [Theory]
    [InlineData("id")]
    [InlineData("fr")]
    [InlineData("en")]
    public void Every_table_fills_every_rule(string code)
    {
        var table = LanguageTables.Find(code)!;
        Assert.NotEmpty(table.Detection.StopWords);
        Assert.NotEmpty(table.Numbers.Scales);
        Assert.NotEmpty(table.Numbers.Units);
        Assert.NotEmpty(table.Numbers.Vague.Quantifiers);
        Assert.NotEmpty(table.Metrics.UserNouns);
        Assert.NotEmpty(table.Metrics.MessageNouns);
        Assert.NotEmpty(table.Metrics.Active);
        Assert.NotEmpty(table.Metrics.Monthly);
        Assert.NotEmpty(table.Metrics.Daily);
        Assert.NotEmpty(table.Change.GrowthVerbs);
        Assert.NotEmpty(table.Change.FromLinkers);
        Assert.NotEmpty(table.Qualifiers.AtLeast);
        Assert.NotEmpty(table.Qualifiers.AtMost);
        Assert.NotEmpty(table.Qualifiers.Approximate);
        Assert.NotEmpty(table.Qualifiers.ForecastBefore);
        Assert.NotEmpty(table.Attribution.SpeakerThenVerb);
        Assert.NotEmpty(table.Attribution.VerbThenSpeaker);
        Assert.Equal(12, table.Dates.Months.Values.Distinct().Count());
        Assert.NotEmpty(table.Dates.LastYear);
        Assert.NotEmpty(table.Dates.ThisYear);
        Assert.NotEmpty(table.Traps.Percent);
    }

    /// <summary>A new language is a new table: this Spanish one is read from JSON and works with no code change.</summary>
    [Fact]
    public void A_language_added_as_a_json_table_works_without_code()
    {
        const string spanish = """
            {
              "code": "es",
              "detection": { "stopWords": ["el", "la", "de", "que", "y", "en", "los", "tiene", "según", "más", "con"] },
              "numbers": {
                "decimalSeparator": ",", "groupSeparators": ["."],
                "units": { "un": 1, "uno": 1, "dos": 2, "tres": 3 },
                "multipliers": { "cien": 100, "cientos": 100 },
                "scales": { "mil": 1000, "millón": 1000000, "millones": 1000000, "mil millones": 1000000000 },
                "vague": { "quantifiers": ["cientos de", "decenas de", "varios"], "heads": ["millones", "miles"] }
              },
              "traps": { "currencyAfter": ["euros", "dólares"], "percent": ["%", "por ciento"] },
              "metrics": {
                "userNouns": ["usuarios"], "messageNouns": ["mensajes"], "active": ["activos"],
                "monthly": ["mensuales", "al mes"], "daily": ["diarios", "al día", "cada día"], "nounConnectors": ["de"]
              },
              "change": { "growthVerbs": ["ganó", "sumó"], "since": ["desde"], "fromLinkers": ["frente a"] },
              "qualifiers": { "atLeast": ["más de"], "atMost": ["casi"], "approximate": ["unos", "alrededor de"], "forecastBefore": ["alcanzará"] },
              "attribution": { "verbThenSpeaker": ["según"], "speakerThenVerb": ["dijo", "afirmó"] },
              "dates": {
                "months": { "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
                            "septiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12 },
                "lastAfter": ["pasado"], "lastYear": ["el año pasado"], "thisYear": ["este año"]
              }
            }
            """;
        var table = LanguageTables.Parse(new MemoryStream(Encoding.UTF8.GetBytes(spanish)));
        var extractor = new ClaimExtractor(PlatformCatalog.BuiltIn, LanguageTables.All.Append(table));

        var result = extractor.Extract(new(
            "Telegram tiene más de 700 millones de usuarios activos mensuales, frente a 500 millones en enero pasado, según Pavel Durov. "
            + "La empresa vale 30.000 millones de dólares y cientos de millones de mensajes se envían.",
            Published: Common.PartialDate.Parse("2021-07-15")));

        Assert.Equal("es", result.Language);
        Assert.Equal(
            [("monthly_active_users", 500_000_000m, "exact", "2021-01"), ("monthly_active_users", 700_000_000m, "at_least", "2021-07-15")],
            result.Candidates.Select(c => (c.Metric, c.Value, c.Qualifier, c.AsOf.Date.ToString())).OrderBy(c => c.Value).ToArray());
        Assert.All(result.Candidates, c => Assert.Contains("Pavel Durov", c.AttributedTo));
        Assert.Equal(["cientos de millones"], result.VagueAmounts.Select(v => v.Text));
    }
}
