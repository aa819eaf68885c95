namespace FactLedger.Ledger.Tests.Extraction;

public sealed class RobustnessTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   \n\n  ")]
    [InlineData("123456789012345678901234567890 triliun pengguna Telegram")]
    [InlineData("Telegram 1.2.3.4.5 users 00000 ---- //// 12:34:56 +62-")]
    public void Odd_input_gives_no_candidates_and_no_exception(string text)
    {
        foreach (var language in new[] { "id", "fr", "en", null })
        {
            Assert.Empty(ExtractionTestKit.Extract(text, language, "2020-01-01").Candidates);
        }
    }

    [Fact]
    public void Windows_line_endings_keep_offsets_and_headlines()
    {
        var text = "Telegram Kantongi 100 Juta Pengguna Aktif\r\n\r\nTelegram memiliki 100 juta pengguna aktif bulanan sampai saat ini.\r\n";
        var claim = ExtractionTestKit.Only(text, "id", "2016-02-24");
        Assert.Equal(2, claim.Mentions.Count);
        Assert.All(claim.Mentions, m => Assert.Equal(m.Quote, text[m.Start..m.End]));
    }

    /// <summary>Property: whatever the order and mix of sentences, every offset the extractor returns points at its quote.</summary>
    [Fact]
    public void Offsets_hold_on_shuffled_mixtures_of_passages()
    {
        var random = new Random(424242);
        var sentences = IndependentPassages.All.Concat(IndependentPassages.HeldOut)
            .SelectMany(p => p.Text.Split(". ", StringSplitOptions.RemoveEmptyEntries))
            .ToArray();
        var separators = new[] { ". ", ".\n", ".\n\n", " ", "\u00A0", ", ", "\r\n" };
        for (var round = 0; round < 150; round++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 12))
                .Select(_ => sentences[random.Next(sentences.Length)] + separators[random.Next(separators.Length)]));
            var language = new[] { "id", "fr", "en", null }[random.Next(4)];
            var result = ExtractionTestKit.Extract(text, language, random.Next(2) == 0 ? null : "2021-06-01");
            foreach (var candidate in result.Candidates)
            {
                Assert.Equal(candidate.Quote, text[candidate.Start..candidate.End]);
                Assert.All(candidate.Mentions, m => Assert.Equal(m.Quote, text[m.Start..m.End]));
                Assert.Contains(candidate.Mentions, m => m.Start == candidate.Start && m.End == candidate.End);
                Assert.InRange(candidate.Confidence, 0.0, 1.0);
                Assert.True(candidate.Value >= 1000m);
                Assert.NotNull(ExtractionTestKit.Catalog.FindMetric(candidate.Metric));
                Assert.NotNull(ExtractionTestKit.Catalog.FindPlatform(candidate.Platform));
            }

            Assert.All(result.VagueAmounts, v => Assert.Equal(v.Text, text[v.Start..v.End]));
        }
    }
}
