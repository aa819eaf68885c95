using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Tests.Extraction;

public sealed class DateAndLanguageTests
{
    [Theory]
    [InlineData("Telegram Kantongi 100 Juta Pengguna Aktif. Telegram memiliki 100 juta pengguna aktif bulanan sampai saat ini.", "id")]
    [InlineData("Pengguna aktif Telegram tembus 200 juta, kata pendiri Telegram. Ini adalah pencapaian yang besar bagi mereka.", "id")]
    [InlineData("Durov sendiri bilang ke Reuters, user aktif kita bakal tembus 1 miliar tahun ini, loh.", "id")]
    [InlineData("Telegram atteint les 400 millions d'utilisateurs actifs par mois, contre 300 millions en octobre dernier.", "fr")]
    [InlineData("La société a déclaré qu'elle ajoute environ 1,5 million d'utilisateurs chaque jour.", "fr")]
    [InlineData("Telegram says it now has 500 million monthly active users, up from 400 million last year.", "en")]
    [InlineData("WhatsApp has more than two billion users around the world.", "en")]
    public void Language_is_detected_from_the_text(string text, string expected)
    {
        var result = ExtractionTestKit.Extract(text);
        Assert.Equal(expected, result.Language);
        Assert.True(result.LanguageDetected);
    }

    [Fact]
    public void A_given_language_is_used_as_given_and_malay_reads_with_the_indonesian_table()
    {
        var result = ExtractionTestKit.Extract("Telegram mempunyai 100 juta pengguna aktif bulanan.", "ms", "2016-02-24");
        Assert.Equal("ms", result.Language);
        Assert.False(result.LanguageDetected);
        var claim = Assert.Single(result.Candidates);
        Assert.Equal(("monthly_active_users", 100_000_000m), (claim.Metric, claim.Value));
    }

    [Theory]
    [InlineData("oleh Agustinus Mario Damar diperbarui 24 Feb 2016, 12:34 WIB\nTelegram punya 100 juta pengguna.", "2016-02-24")]
    [InlineData("Mengutip informasi dari laman The Verge, Rabu (24/2/2016), Telegram tumbuh.", "2016-02-24")]
    [InlineData("Durov bilang ke Reuters hari Kamis (18/4/2024), kami tumbuh.", "2024-04-18")]
    [InlineData("Publié le 12 février 2020\nTelegram compte 400 millions d'utilisateurs.", "2020-02-12")]
    [InlineData("Published on April 24, 2020. In 2018 Telegram had 200 million users.", "2020-04-24")]
    [InlineData("The report of 3 March 2019 was updated. Telegram had users on 2 May 2015.", "2019-03-03")]
    [InlineData("Telegram had 200 million users in 2018.", null)]
    public void Publication_date_is_found_in_the_text(string text, string? expected)
    {
        var result = ExtractionTestKit.Extract(text);
        Assert.Equal(expected is null ? PartialDate.Unknown : PartialDate.Parse(expected), result.Published);
        Assert.Equal(expected is not null, result.PublishedDetected);
    }

    [Fact]
    public void A_given_publication_date_wins_over_the_text()
    {
        var result = ExtractionTestKit.Extract("Rabu (24/2/2016) Telegram punya 100 juta pengguna aktif.", "id", "2016-02-25");
        Assert.Equal(PartialDate.Parse("2016-02-25"), result.Published);
        Assert.False(result.PublishedDetected);
    }

    [Theory]
    // Explicit dates and months resolved against the publication date, with the precision the text gives.
    [InlineData("id", "Telegram memiliki 2 miliar pesan per hari pada bulan Mei.", "2016-02-24", "2015-05", false)]
    [InlineData("id", "Telegram memiliki 1 miliar pesan per hari pada bulan Februari.", "2016-02-24", "2016-02", false)]
    [InlineData("fr", "Telegram comptait 300 millions d'utilisateurs en octobre dernier.", "2020-04-24", "2019-10", false)]
    [InlineData("fr", "Telegram comptait 300 millions d'utilisateurs en octobre dernier.", "2020-10-24", "2019-10", false)]
    [InlineData("en", "In May, Telegram had 100 million monthly active users.", "2016-02-24", "2015-05", false)]
    [InlineData("en", "Telegram had 100 million monthly active users last year.", "2016-02-24", "2015", false)]
    [InlineData("id", "Telegram memiliki 100 juta pengguna aktif tahun lalu.", "2016-02-24", "2015", false)]
    [InlineData("fr", "Telegram a 400 millions d'utilisateurs l'an dernier.", "2016-02-24", "2015", false)]
    [InlineData("en", "Telegram will reach 1 billion users this year.", "2024-04-18", "2024", false)]
    [InlineData("id", "Telegram bakal tembus 1 miliar pengguna tahun ini.", "2024-04-18", "2024", false)]
    [InlineData("fr", "Telegram devrait atteindre 1 milliard d'utilisateurs cette année.", "2024-04-18", "2024", false)]
    [InlineData("id", "WhatsApp punya lebih dari 2 miliar user aktif setiap bulannya sampai akhir tahun 2023.", "2024-04-18", "2023-12", false)]
    [InlineData("en", "WhatsApp had 2 billion users at the end of 2019.", "2020-02-12", "2019-12", false)]
    [InlineData("en", "WhatsApp had 1.5 billion users in January 2018.", "2020-02-12", "2018-01", false)]
    [InlineData("id", "WhatsApp memiliki 1,5 miliar pengguna pada 31 Januari 2018.", "2020-02-12", "2018-01-31", false)]
    [InlineData("en", "Telegram had 700 million monthly active users last month.", "2021-07-15", "2021-06", false)]
    [InlineData("en", "Telegram has 500 million monthly active users.", "2021-07-15", "2021-07-15", true)]
    public void As_of_comes_from_the_sentence_or_falls_back_to_publication(string language, string text, string published, string expected, bool assumed)
    {
        var claim = ExtractionTestKit.Only(text, language, published);
        Assert.Equal(PartialDate.Parse(expected), claim.AsOf.Date);
        Assert.Equal(assumed, claim.AsOf.Assumed);
        Assert.Equal(assumed, claim.AsOf.Text is null);
    }

    [Theory]
    [InlineData("id", "Sejak Mei tahun lalu, perusahaan Telegram ini berhasil menggandeng 38 juta pengguna aktif bulanan.", "2016-02-24", "2015-05")]
    [InlineData("en", "Since May last year, Telegram gained 38 million monthly active users.", "2016-02-24", "2015-05")]
    [InlineData("fr", "Depuis octobre dernier, Telegram a gagné 100 millions d'utilisateurs actifs par mois.", "2020-04-24", "2019-10")]
    public void Since_marks_the_start_of_a_change_measured_until_publication(string language, string text, string published, string since)
    {
        var claim = ExtractionTestKit.Only(text, language, published);
        Assert.Equal("monthly_active_users_change", claim.Metric);
        Assert.Equal(PartialDate.Parse(since), claim.AsOf.Since);
        Assert.Equal(PartialDate.Parse(published), claim.AsOf.Date);
        Assert.False(claim.AsOf.Assumed);
    }

    [Fact]
    public void Without_a_publication_date_an_unstated_as_of_is_unknown()
    {
        var claim = ExtractionTestKit.Only("Telegram has 500 million monthly active users.", "en");
        Assert.Equal(PartialDate.Unknown, claim.AsOf.Date);
        Assert.False(claim.AsOf.Assumed);
    }

    [Fact]
    public void A_figure_said_to_be_the_same_as_at_an_earlier_date_holds_at_both_dates()
    {
        var candidates = ExtractionTestKit.Candidates("Pengguna aktif bulanan Telegram sekitar 60 juta pengguna, sama seperti pada bulan Mei.", "id", "2015-09-22");
        Assert.Equal(
            [("2015-05", false), ("2015-09-22", true)],
            candidates.Select(c => (c.AsOf.Date.ToString(), c.AsOf.Assumed)).Order().ToArray());
        Assert.All(candidates, c => Assert.Equal(("monthly_active_users", 60_000_000m, "approximate"), (c.Metric, c.Value, c.Qualifier)));
    }

    [Fact]
    public void A_date_a_figure_is_compared_with_is_not_its_as_of()
    {
        var claim = ExtractionTestKit.Only("Telegram memiliki 100 juta pengguna aktif bulanan, dibandingkan pada bulan Mei.", "id", "2015-09-22");
        Assert.Equal(PartialDate.Parse("2015-09-22"), claim.AsOf.Date);
        Assert.True(claim.AsOf.Assumed);
    }
}
