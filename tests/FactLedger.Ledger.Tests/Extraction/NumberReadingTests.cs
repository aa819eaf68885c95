using System.Globalization;
using System.Text;
using FactLedger.Ledger.Extraction;

namespace FactLedger.Ledger.Tests.Extraction;

public sealed class NumberReadingTests
{
    private static readonly string[] Languages = ["id", "fr", "en"];

    [Theory]
    [InlineData("id", "1,5", 1.5)]
    [InlineData("fr", "1,5", 1.5)]
    [InlineData("en", "1,500", 1500)]
    [InlineData("en", "1.5", 1.5)]
    [InlineData("id", "20.000", 20000)]
    [InlineData("fr", "20.000", 20000)]
    [InlineData("fr", "20 000", 20000)]
    [InlineData("fr", "20\u202F000", 20000)]
    [InlineData("fr", "20\u00A0000", 20000)]
    [InlineData("id", "1.500.000,25", 1500000.25)]
    [InlineData("en", "1,500,000.25", 1500000.25)]
    [InlineData("id", "1.5", 1.5)]
    [InlineData("en", "2016", 2016)]
    public void Numerals_follow_the_language_conventions(string language, string text, double expected)
    {
        var numbers = LanguageTables.Find(language)!.Numbers;
        Assert.True(NumberText.TryParseNumeral(text, numbers.DecimalSeparator, numbers.GroupSeparators, out var value));
        Assert.Equal((decimal)expected, value);
    }

    [Theory]
    [InlineData("1.50.00")]
    [InlineData("12 34")]
    [InlineData("1,2,3")]
    public void Malformed_groupings_are_not_numbers(string text)
    {
        var numbers = LanguageTables.Find("id")!.Numbers;
        Assert.False(NumberText.TryParseNumeral(text, numbers.DecimalSeparator, numbers.GroupSeparators, out _));
    }

    /// <summary>Property: any number, written the way each language writes it, reads back as itself.</summary>
    [Fact]
    public void Rendered_numbers_read_back_in_every_language()
    {
        var random = new Random(20240418);
        foreach (var language in Languages)
        {
            var table = LanguageTables.Find(language)!;
            for (var i = 0; i < 400; i++)
            {
                var integer = (long)(random.NextDouble() * Math.Pow(10, random.Next(1, 13)));
                var decimals = random.Next(0, 3);
                var fraction = decimals == 0 ? 0 : random.Next(1, (int)Math.Pow(10, decimals));
                var value = integer + fraction / (decimal)Math.Pow(10, decimals);
                var separator = table.Numbers.GroupSeparators[random.Next(table.Numbers.GroupSeparators.Count)];
                if (separator == " " && random.Next(2) == 0)
                {
                    separator = random.Next(2) == 0 ? "\u00A0" : "\u202F";
                }

                var written = Render(integer, fraction, decimals, separator, table.Numbers.DecimalSeparator);
                var amounts = ExtractionTestKit.Amounts($"Angka {written} .", language);
                Assert.True(amounts.Count == 1 && amounts[0] == value, $"{language}: '{written}' read as [{string.Join(", ", amounts)}], expected {value}");
            }
        }
    }

    /// <summary>Property: a mantissa with a scale word ("1,5 juta", "2.25 billion") is mantissa × scale.</summary>
    [Fact]
    public void Scaled_numbers_read_back_in_every_language()
    {
        var random = new Random(7);
        foreach (var language in Languages)
        {
            var table = LanguageTables.Find(language)!;
            var scales = table.Numbers.Scales.Where(s => s.Key.Length > 2).ToArray();
            for (var i = 0; i < 300; i++)
            {
                var (word, scale) = scales[random.Next(scales.Length)];
                var integer = random.Next(1, 1000);
                var decimals = random.Next(0, 3);
                var fraction = decimals == 0 ? 0 : random.Next(1, (int)Math.Pow(10, decimals));
                var mantissa = integer + fraction / (decimal)Math.Pow(10, decimals);
                var written = Render(integer, fraction, decimals, "", table.Numbers.DecimalSeparator) + " " + word;
                var amounts = ExtractionTestKit.Amounts($"Telegram {written} users", language);
                Assert.True(amounts.Count == 1 && amounts[0] == mantissa * scale, $"{language}: '{written}' read as [{string.Join(", ", amounts)}]");
            }
        }
    }

    [Theory]
    [InlineData("id", "satu miliar", 1_000_000_000)]
    [InlineData("id", "dua ratus juta", 200_000_000)]
    [InlineData("id", "dua ratus lima puluh ribu", 250_000)]
    [InlineData("id", "dua belas juta", 12_000_000)]
    [InlineData("id", "seratus juta", 100_000_000)]
    [InlineData("id", "sejuta", 1_000_000)]
    [InlineData("id", "350 ribu", 350_000)]
    [InlineData("id", "1 milyar", 1_000_000_000)]
    [InlineData("id", "2 triliun", 2_000_000_000_000)]
    [InlineData("fr", "un milliard", 1_000_000_000)]
    [InlineData("fr", "deux cents millions", 200_000_000)]
    [InlineData("fr", "quatre-vingt-dix millions", 90_000_000)]
    [InlineData("fr", "soixante-dix-sept mille", 77_000)]
    [InlineData("fr", "vingt et un millions", 21_000_000)]
    [InlineData("fr", "1,5 million", 1_500_000)]
    [InlineData("fr", "400 millions", 400_000_000)]
    [InlineData("en", "one billion", 1_000_000_000)]
    [InlineData("en", "two hundred million", 200_000_000)]
    [InlineData("en", "a million", 1_000_000)]
    [InlineData("en", "one hundred and fifty thousand", 150_000)]
    [InlineData("en", "twenty-five million", 25_000_000)]
    [InlineData("en", "1.5M", 1_500_000)]
    [InlineData("en", "900k", 900_000)]
    [InlineData("en", "2bn", 2_000_000_000)]
    [InlineData("en", "1.2 billion", 1_200_000_000)]
    [InlineData("id", "5 M", 5_000_000_000)]
    public void Scale_words_number_words_and_abbreviations(string language, string written, long expected)
    {
        var amounts = ExtractionTestKit.Amounts($"Ada {written} di sana.", language);
        Assert.Equal([(decimal)expected], amounts);
    }

    [Fact]
    public void Two_numbers_side_by_side_stay_two_numbers()
    {
        Assert.Equal([2_000_000_000m, 1_000_000_000m], ExtractionTestKit.Amounts("naik dari 2 miliar, dan 1 miliar pada bulan Februari", "id"));
        Assert.Equal([2m, 3m], ExtractionTestKit.Amounts("dua tiga", "id"));
    }

    [Theory]
    [InlineData("id", "Jumlah pengguna ratusan juta orang.", "ratusan juta")]
    [InlineData("id", "Ada puluhan ribu kanal.", "puluhan ribu")]
    [InlineData("id", "Beberapa juta pengguna baru.", "Beberapa juta")]
    [InlineData("en", "Hundreds of millions of people use it.", "Hundreds of millions")]
    [InlineData("en", "It has several million users.", "several million")]
    [InlineData("fr", "Des centaines de millions de messages.", "Des centaines de millions")]
    [InlineData("fr", "au moins quelques millions de ses utilisateurs", "quelques millions")]
    public void Vague_amounts_are_reported_and_never_read_as_numbers(string language, string text, string vague)
    {
        var result = ExtractionTestKit.Extract($"Telegram. {text}", language, "2020-01-01");
        Assert.Contains(vague, result.VagueAmounts.Select(v => v.Text));
        Assert.Empty(result.Candidates);
        var span = result.VagueAmounts.Single(v => v.Text == vague);
        Assert.Equal(vague, $"Telegram. {text}"[span.Start..span.End]);
    }

    private static string Render(long integer, int fraction, int decimals, string groupSeparator, string decimalSeparator)
    {
        var digits = integer.ToString(CultureInfo.InvariantCulture);
        var builder = new StringBuilder();
        for (var i = 0; i < digits.Length; i++)
        {
            if (i > 0 && (digits.Length - i) % 3 == 0)
            {
                builder.Append(groupSeparator);
            }

            builder.Append(digits[i]);
        }

        if (decimals > 0)
        {
            builder.Append(decimalSeparator).Append(fraction.ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0'));
        }

        return builder.ToString();
    }
}
