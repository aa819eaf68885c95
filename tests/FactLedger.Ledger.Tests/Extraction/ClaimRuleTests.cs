namespace FactLedger.Ledger.Tests.Extraction;

public sealed class ClaimRuleTests
{
    [Theory]
    [InlineData("id", "Telegram memiliki 100 juta pengguna aktif bulanan.", "monthly_active_users")]
    [InlineData("id", "Telegram punya 900 juta user aktif tiap bulan.", "monthly_active_users")]
    [InlineData("id", "Telegram punya 900 juta user aktif setiap bulannya.", "monthly_active_users")]
    [InlineData("id", "Telegram memiliki 50 juta pengguna aktif harian.", "daily_active_users")]
    [InlineData("id", "Telegram memiliki 200 juta pengguna aktif.", "active_users")]
    [InlineData("id", "Telegram punya 900 juta user aktif loh.", "active_users")]
    [InlineData("id", "Telegram memiliki 300 juta pengguna terdaftar.", "registered_users")]
    [InlineData("id", "Telegram memiliki 300 juta pengguna.", "users")]
    [InlineData("id", "Ada 15 miliar pesan yang dikirim tiap harinya melalui Telegram.", "messages_per_day")]
    [InlineData("id", "Telegram mengungkapkan ada 350 ribu pengguna baru tiap hari.", "new_users_per_day")]
    [InlineData("fr", "Telegram compte 400 millions d'utilisateurs actifs par mois.", "monthly_active_users")]
    [InlineData("fr", "Telegram compte 400 millions d'utilisateurs actifs mensuels.", "monthly_active_users")]
    [InlineData("fr", "Telegram compte 400 millions d'utilisateurs actifs.", "active_users")]
    [InlineData("fr", "Telegram compte 400 millions d'utilisateurs.", "users")]
    [InlineData("fr", "Telegram compte 100 millions d'utilisateurs inscrits.", "registered_users")]
    [InlineData("fr", "Telegram transmet 15 milliards de messages par jour.", "messages_per_day")]
    [InlineData("fr", "Telegram ajoute environ 1,5 million d'utilisateurs chaque jour.", "new_users_per_day")]
    [InlineData("fr", "Telegram gagne 500 000 nouveaux utilisateurs par jour.", "new_users_per_day")]
    [InlineData("en", "Telegram has 500 million monthly active users.", "monthly_active_users")]
    [InlineData("en", "Telegram has 500 million MAUs.", "monthly_active_users")]
    [InlineData("en", "Snapchat has 190 million daily active users.", "daily_active_users")]
    [InlineData("en", "Telegram has 500 million active users.", "active_users")]
    [InlineData("en", "Viber has 1 billion registered users.", "registered_users")]
    [InlineData("en", "WhatsApp has 2 billion users.", "users")]
    [InlineData("en", "WhatsApp users send 100 billion messages a day.", "messages_per_day")]
    [InlineData("en", "Telegram adds 1.5 million new users a day.", "new_users_per_day")]
    public void Metric_comes_from_the_cue_words(string language, string text, string metric)
    {
        var claim = ExtractionTestKit.Only(text, language, "2020-01-01");
        Assert.Equal(metric, claim.Metric);
    }

    [Theory]
    [InlineData("id", "Pengguna Aktif Telegram Tembus 200 Juta, Pavel Durov Sindir Facebook", "active_users", 200_000_000)]
    [InlineData("id", "User aktif Telegram bakal tembus 1 miliar tahun ini.", "active_users", 1_000_000_000)]
    [InlineData("en", "Telegram's monthly active users rose to 700 million in January.", "monthly_active_users", 700_000_000)]
    [InlineData("id", "Pengguna aktif bulanan Telegram sekitar 60 juta pengguna.", "monthly_active_users", 60_000_000)]
    public void A_metric_named_before_its_number_still_counts(string language, string text, string metric, long value)
    {
        var claim = ExtractionTestKit.Only(text, language, "2020-01-01");
        Assert.Equal((metric, (decimal)value), (claim.Metric, claim.Value));
    }

    [Theory]
    [InlineData("en", "WhatsApp has more than 2 billion users.", "at_least")]
    [InlineData("en", "WhatsApp has over 2 billion users.", "at_least")]
    [InlineData("id", "WhatsApp telah mencapai lebih dari satu miliar pengguna aktif.", "at_least")]
    [InlineData("fr", "WhatsApp a rassemblé plus de 2 milliards d'utilisateurs.", "at_least")]
    [InlineData("id", "WhatsApp memiliki 1 miliar lebih pengguna.", "at_least")]
    [InlineData("en", "Telegram has about 500 million users.", "approximate")]
    [InlineData("en", "Telegram has around 500 million users.", "approximate")]
    [InlineData("id", "Telegram punya sekitar 60 juta pengguna.", "approximate")]
    [InlineData("fr", "Telegram ajoute environ 1,5 million d'utilisateurs chaque jour.", "approximate")]
    [InlineData("en", "Telegram has nearly 500 million users.", "at_most")]
    [InlineData("id", "Telegram punya hampir 500 juta pengguna.", "at_most")]
    [InlineData("fr", "Telegram compte près de 500 millions d'utilisateurs.", "at_most")]
    [InlineData("en", "Telegram has up to 500 million users.", "at_most")]
    [InlineData("id", "Telegram punya hingga 500 juta pengguna.", "at_most")]
    [InlineData("en", "Telegram will reach 1 billion users.", "forecast")]
    [InlineData("id", "User aktif kita bakal tembus 1 miliar pengguna tahun ini, kata Telegram.", "forecast")]
    [InlineData("id", "Telegram akan mencapai 1 miliar pengguna.", "forecast")]
    [InlineData("id", "Telegram lagi ngejar milestone anyar, yaitu ngegapai 1 miliar user aktif tiap bulan.", "forecast")]
    [InlineData("fr", "Telegram vise 1 milliard d'utilisateurs d'ici 2025.", "forecast")]
    [InlineData("en", "Telegram hit the 1 billion users milestone target.", "forecast")]
    [InlineData("en", "Telegram has 500 million users.", "exact")]
    public void Qualifier_comes_from_the_words_around_the_number(string language, string text, string qualifier)
    {
        var claim = ExtractionTestKit.Only(text, language, "2020-01-01");
        Assert.Equal(qualifier, claim.Qualifier);
    }

    [Theory]
    [InlineData("id", "Sejak Mei tahun lalu, perusahaan Telegram berhasil menggandeng 38 juta pengguna aktif bulanan.", "monthly_active_users_change", 38_000_000)]
    [InlineData("en", "Telegram gained 38 million monthly active users since May.", "monthly_active_users_change", 38_000_000)]
    [InlineData("en", "Telegram's active users grew by 50 million.", "active_users_change", 50_000_000)]
    [InlineData("fr", "Telegram a gagné 100 millions d'utilisateurs actifs par mois.", "monthly_active_users_change", 100_000_000)]
    [InlineData("id", "Pengguna aktif Telegram bertambah 25 juta.", "active_users_change", 25_000_000)]
    [InlineData("en", "Telegram messages per day grew by 3 billion messages a day.", "messages_per_day_change", 3_000_000_000)]
    public void Growth_words_make_a_change_not_a_level(string language, string text, string metric, long value)
    {
        var claim = ExtractionTestKit.Only(text, language, "2016-02-24");
        Assert.Equal((metric, (decimal)value), (claim.Metric, claim.Value));
    }

    [Fact]
    public void Naik_dari_gives_two_levels_not_a_growth()
    {
        var candidates = ExtractionTestKit.Candidates(
            "Pendiri Telegram Pavel Durov mengungkapkan 12 miliar pesan dikirim setiap harinya, naik dari 2 miliar pesan pada bulan Mei, dan 1 miliar pesan pada bulan Februari.",
            "id", "2015-09-22");
        Assert.Equal(
            [("messages_per_day", 12_000_000_000m, "2015-09-22"), ("messages_per_day", 2_000_000_000m, "2015-05"), ("messages_per_day", 1_000_000_000m, "2015-02")],
            candidates.Select(c => (c.Metric, c.Value, c.AsOf.Date.ToString())).OrderByDescending(c => c.Value).ToArray());
        Assert.All(candidates, c => Assert.Equal("telegram", c.Platform));
    }

    [Fact]
    public void Acquiring_without_since_is_not_a_change()
    {
        var claim = ExtractionTestKit.Only("Telegram berhasil menggandeng 38 juta pengguna aktif bulanan.", "id", "2016-02-24");
        Assert.Equal("monthly_active_users", claim.Metric);
    }

    [Fact]
    public void Growth_of_an_unqualified_user_count_has_no_catalog_metric_and_is_not_proposed()
    {
        Assert.Empty(ExtractionTestKit.Candidates("Signal gained 40 million users in a week.", "en", "2021-01-20"));
    }

    [Theory]
    [InlineData("fr", "La société prévoit de distribuer 400 000 euros aux créateurs d'utilisateurs.")]
    [InlineData("id", "Harga langganan Rp 50.000 per bulan untuk 1 juta pengguna.")]
    [InlineData("en", "Telegram's users spent $1.7 billion in 2023.")]
    [InlineData("en", "Telegram users grew 50% in 2016.")]
    [InlineData("id", "Pengguna Telegram naik 20 persen.")]
    [InlineData("fr", "Telegram est l'application la plus téléchargée dans plus de 20 pays.")]
    [InlineData("id", "Telegram tersedia di 20 negara dengan pengguna setia.")]
    [InlineData("fr", "Telegram a révélé un répertoire de plus de 20 000 autocollants.")]
    [InlineData("id", "Durov mengatakan bahwa Telegram baru berusia dua tahun.")]
    [InlineData("id", "Telegram segera bergerak cepat dengan menutup 78 kanal Telegram milik ISIS.")]
    [InlineData("id", "Hubungi pengguna Telegram di +62 812 3456 7890.")]
    [InlineData("en", "Telegram users in 2016 were few.")]
    [InlineData("id", "Mengutip The Verge, Rabu (24/2/2016), pengguna Telegram terus meningkat.")]
    [InlineData("fr", "En 2018, Telegram a révélé la blockchain TON aux utilisateurs.")]
    public void Traps_are_not_claims(string language, string text)
    {
        Assert.Empty(ExtractionTestKit.Candidates(text, language, "2020-04-24"));
    }

    [Fact]
    public void A_number_about_another_platform_is_that_platforms_claim()
    {
        var text = "Telegram memiliki 100 juta pengguna aktif bulanan. Namun, jumlah ini masih kalah jauh jika dibandingkan dengan perusahaan lain, seperti WhatsApp. "
            + "Dalam laporan terbaru, aplikasi chatting yang kini dimiliki Facebook tersebut baru saja berhasil mencapai 1 milyar pengguna aktif.";
        var candidates = ExtractionTestKit.Candidates(text, "id", "2016-02-24");
        Assert.Equal([("telegram", 100_000_000m), ("whatsapp", 1_000_000_000m)], candidates.Select(c => (c.Platform, c.Value)).ToArray());
    }

    [Theory]
    [InlineData("fr", "Telegram est en concurrence avec des services populaires, dont WhatsApp qui a rassemblé plus de 2 milliards d'utilisateurs.", "whatsapp")]
    [InlineData("id", "Telegram, si saingan berat WhatsApp, lagi ngejar 1 miliar user aktif tiap bulan.", "telegram")]
    [InlineData("en", "Telegram, unlike WhatsApp, has 500 million users.", "telegram")]
    [InlineData("en", "Compared with WhatsApp, Telegram has 500 million users.", "telegram")]
    [InlineData("en", "Telegram now trails messaging apps such as WhatsApp, which has 2 billion users.", "whatsapp")]
    [InlineData("en", "There are now 2 billion WhatsApp users.", "whatsapp")]
    [InlineData("id", "Jumlah 60 juta pengguna aplikasi messaging Telegram masih jauh dibandingkan dengan WhatsApp.", "telegram")]
    [InlineData("en", "The Facebook-owned WhatsApp has 2 billion users.", "whatsapp")]
    public void The_platform_is_the_one_the_clause_is_about(string language, string text, string platform)
    {
        var claim = ExtractionTestKit.Only(text, language, "2020-04-24");
        Assert.Equal(platform, claim.Platform);
    }

    [Theory]
    [InlineData("id", "Telegram memiliki 100 juta pengguna, kata Pavel Durov.", "Pavel Durov")]
    [InlineData("id", "Pendiri Telegram Pavel Durov mengungkapkan 12 miliar pesan dikirim setiap harinya.", "Pavel Durov")]
    [InlineData("id", "Menurut Durov, Telegram memiliki 100 juta pengguna.", "Durov")]
    [InlineData("id", "Telegram juga mengungkapkan ada 350 ribu pengguna baru tiap hari.", "Telegram")]
    [InlineData("fr", "Telegram ajoute 1,5 million d'utilisateurs chaque jour, a déclaré la firme.", "Telegram")]
    [InlineData("fr", "Selon Pavel Durov, Telegram compte 400 millions d'utilisateurs.", "Pavel Durov")]
    [InlineData("en", "Telegram has 500 million users, according to Reuters.", "Reuters")]
    [InlineData("en", "Durov told Reuters that Telegram has 900 million users.", "Durov")]
    [InlineData("en", "Durov told Reuters that Telegram has 900 million users.", "Reuters")]
    [InlineData("en", "\"We have 900 million users,\" said Pavel Durov of Telegram.", "Pavel Durov")]
    public void Attribution_names_who_the_sentence_credits(string language, string text, string name)
    {
        var claim = ExtractionTestKit.Only(text, language, "2020-04-24");
        Assert.Contains(name, claim.AttributedTo);
    }

    [Fact]
    public void Outlets_cited_in_the_article_are_attributed()
    {
        var text = "Telegram punya 100 juta pengguna aktif bulanan.\n\nMengutip informasi dari laman The Verge, Rabu (24/2/2016), Telegram tumbuh.\n\nSource : iMore.com";
        var claim = ExtractionTestKit.Only(text, "id");
        Assert.Contains("The Verge", claim.AttributedTo);
        Assert.Contains("iMore.com", claim.AttributedTo);
    }

    [Fact]
    public void Pronouns_resolve_to_the_last_named_speaker()
    {
        var text = "Pavel Durov mengatakan Telegram aman. \"Telegram punya 100 juta pengguna,\" katanya.";
        var claim = ExtractionTestKit.Only(text, "id");
        Assert.Contains("Pavel Durov", claim.AttributedTo);
    }

    [Fact]
    public void A_title_repeating_the_body_is_one_candidate_with_both_quotes()
    {
        var text = "Telegram Kantongi 100 Juta Pengguna Aktif\n\nTelegram dikabarkan telah berhasil memiliki 100 juta pengguna aktif bulanan sampai saat ini.";
        var claim = ExtractionTestKit.Only(text, "id", "2016-02-24");
        Assert.Equal("monthly_active_users", claim.Metric);
        Assert.Equal(2, claim.Mentions.Count);
        Assert.Equal("Telegram Kantongi 100 Juta Pengguna Aktif", claim.Mentions[0].Quote);
        Assert.All(claim.Mentions, m => Assert.Equal(m.Quote, text[m.Start..m.End]));
        Assert.Equal(claim.Quote, text[claim.Start..claim.End]);
        Assert.Contains("100 juta pengguna aktif bulanan", claim.Quote);
    }

    [Fact]
    public void Different_figures_or_dates_are_never_merged()
    {
        var text = "Telegram compte 400 millions d'utilisateurs actifs par mois en avril 2020, contre 300 millions d'utilisateurs en octobre dernier. "
            + "En octobre 2018, Telegram avait 400 millions d'utilisateurs actifs par mois. WhatsApp a 400 millions d'utilisateurs actifs par mois.";
        var candidates = ExtractionTestKit.Candidates(text, "fr", "2020-04-24");
        Assert.Equal(4, candidates.Count);
        Assert.Equal(["2018-10", "2019-10", "2020-04", "2020-04-24"], candidates.Select(c => c.AsOf.Date.ToString()).Order().ToArray());
    }

    [Fact]
    public void Every_candidate_explains_itself_and_its_offsets_point_at_its_quote()
    {
        var text = "Telegram says it now has 500 million monthly active users, up from 400 million in April last year, Durov said.";
        var candidates = ExtractionTestKit.Candidates(text, "en", "2021-01-12");
        Assert.Equal(2, candidates.Count);
        foreach (var candidate in candidates)
        {
            Assert.Equal(candidate.Quote, text[candidate.Start..candidate.End]);
            Assert.InRange(candidate.Confidence, 0.0, 1.0);
            Assert.Contains(candidate.Cues, c => c.StartsWith("number:", StringComparison.Ordinal));
            Assert.Contains(candidate.Cues, c => c.StartsWith("platform-", StringComparison.Ordinal));
        }

        var earlier = candidates.Single(c => c.Value == 400_000_000m);
        Assert.Equal("monthly_active_users", earlier.Metric);
        Assert.Equal("2020-04", earlier.AsOf.Date.ToString());
    }
}
