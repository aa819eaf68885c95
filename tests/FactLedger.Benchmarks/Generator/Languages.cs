using System.Globalization;
using FactLedger.Ledger.Claims;

namespace FactLedger.Benchmarks.Generator;

/// <summary>How one language writes the parts of an article the generator needs: numbers, metrics, qualifiers, filler.</summary>
public sealed record LanguagePack(
    string Code,
    IReadOnlyList<(string Name, string Domain)> Publishers,
    IReadOnlyDictionary<string, string> MetricWords,
    IReadOnlyList<string> Months,
    IReadOnlyList<string> Vocabulary,
    IReadOnlyList<string> LeadIns,
    Func<decimal, string> FormatNumber,
    Func<Qualifier, string> QualifierWords,
    string Has,
    string Gained,
    string Lost,
    string Since,
    string At,
    Func<string, int, string> Forecast,
    string HeadlineVerb,
    string Byline)
{
    public static readonly LanguagePack English = new(
        "en",
        [("The Daily Ledger", "dailyledger.example"), ("Tech Gazette", "techgazette.example"), ("Global Wire", "globalwire.example"),
         ("Signal and Noise", "signalnoise.example"), ("Morning Byte", "morningbyte.example"), ("Pacific Tribune", "pacifictribune.example")],
        new Dictionary<string, string>
        {
            ["monthly_active_users"] = "monthly active users", ["daily_active_users"] = "daily active users", ["active_users"] = "active users",
            ["registered_users"] = "registered accounts", ["users"] = "users", ["messages_per_day"] = "messages a day",
            ["new_users_per_day"] = "new users every day", ["monthly_active_users_change"] = "monthly active users",
            ["active_users_change"] = "active users", ["messages_per_day_change"] = "daily messages",
        },
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
        ("the company market growth users service app platform year report quarter analysts investors privacy security update feature " +
         "launch region country mobile network chat group channel business advertising revenue competition rival regulators data " +
         "encryption policy launched announced expanded reported said added noted expects continued remained increased declined " +
         "strong steady recent annual global local new major small large fast slow popular among across during after before while " +
         "since with from into over under about between several many most some every each other first second last next early late").Split(' '),
        ["According to the company,", "In a statement on Tuesday,", "The figures show that", "Executives said that", "Analysts noted that", "By the latest count,"],
        value => FormatScaled(value, ".", ",", ("billion", "billion"), ("million", "million"), null),
        qualifier => qualifier switch
        {
            Qualifier.Approximate => "about ",
            Qualifier.AtLeast => "more than ",
            Qualifier.AtMost => "up to ",
            _ => "",
        },
        "has",
        "gained",
        "lost",
        "since",
        "in",
        (number, year) => $"expects to reach {number} by {year}",
        "passes",
        "By");

    public static readonly LanguagePack Indonesian = new(
        "id",
        [("Warta Siber", "wartasiber.example"), ("Kabar Digital", "kabardigital.example"), ("Liputan Teknologi", "liputantek.example"),
         ("Harian Gawai", "hariangawai.example")],
        new Dictionary<string, string>
        {
            ["monthly_active_users"] = "pengguna aktif bulanan", ["daily_active_users"] = "pengguna aktif harian", ["active_users"] = "pengguna aktif",
            ["registered_users"] = "pengguna terdaftar", ["users"] = "pengguna", ["messages_per_day"] = "pesan yang dikirim tiap hari",
            ["new_users_per_day"] = "pengguna baru tiap hari", ["monthly_active_users_change"] = "pengguna aktif bulanan",
            ["active_users_change"] = "pengguna aktif", ["messages_per_day_change"] = "pesan harian",
        },
        ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"],
        ("aplikasi perusahaan pengguna layanan pasar pertumbuhan tahun laporan kuartal analis investor privasi keamanan fitur pembaruan " +
         "wilayah negara seluler jaringan obrolan grup kanal bisnis iklan pendapatan persaingan pesaing regulator data enkripsi kebijakan " +
         "meluncurkan mengumumkan memperluas melaporkan mengatakan menambahkan mencatat terus tetap meningkat menurun kuat stabil terbaru " +
         "tahunan global lokal baru besar kecil cepat lambat populer di antara selama setelah sebelum sementara sejak dengan dari ke " +
         "atas bawah tentang beberapa banyak sebagian setiap lain pertama kedua terakhir berikutnya awal akhir yang dan juga ini itu").Split(' '),
        ["Menurut perusahaan,", "Dalam keterangan resminya,", "Data terbaru menunjukkan", "Pihak perusahaan menyebut", "Analis mencatat", "Hingga saat ini,"],
        value => FormatScaled(value, ",", ".", ("miliar", "miliar"), ("juta", "juta"), "ribu"),
        qualifier => qualifier switch
        {
            Qualifier.Approximate => "sekitar ",
            Qualifier.AtLeast => "lebih dari ",
            Qualifier.AtMost => "hingga ",
            _ => "",
        },
        "memiliki",
        "bertambah",
        "kehilangan",
        "sejak",
        "pada",
        (number, year) => $"ditargetkan mencapai {number} pada {year}",
        "tembus",
        "oleh");

    public static readonly LanguagePack French = new(
        "fr",
        [("Le Quotidien Numérique", "quotidien-numerique.example"), ("Journal des Réseaux", "journal-reseaux.example"),
         ("La Dépêche Tech", "depeche-tech.example"), ("Écrans et Marchés", "ecrans-marches.example")],
        new Dictionary<string, string>
        {
            ["monthly_active_users"] = "utilisateurs actifs mensuels", ["daily_active_users"] = "utilisateurs actifs quotidiens",
            ["active_users"] = "utilisateurs actifs", ["registered_users"] = "comptes enregistrés", ["users"] = "utilisateurs",
            ["messages_per_day"] = "messages par jour", ["new_users_per_day"] = "nouveaux inscrits par jour",
            ["monthly_active_users_change"] = "utilisateurs actifs mensuels", ["active_users_change"] = "utilisateurs actifs",
            ["messages_per_day_change"] = "messages quotidiens",
        },
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
        ("la société le marché la croissance les utilisateurs le service application plateforme année rapport trimestre analystes " +
         "investisseurs confidentialité sécurité mise à jour fonction lancement région pays mobile réseau groupe chaîne entreprise " +
         "publicité revenus concurrence rival régulateurs données chiffrement politique a lancé annoncé étendu indiqué déclaré ajouté " +
         "noté poursuit reste augmenté baissé forte stable récente annuelle mondiale locale nouvelle grande petite rapide lente populaire " +
         "parmi pendant après avant depuis avec de dans sur sous entre plusieurs nombreux certains chaque autre premier dernier prochain").Split(' '),
        ["Selon l'entreprise,", "Dans un communiqué publié mardi,", "Les chiffres montrent que", "La direction affirme que", "Les analystes notent que", "À ce jour,"],
        value => FormatScaled(value, ",", "\u00A0", ("milliard", "milliards"), ("million", "millions"), null),
        qualifier => qualifier switch
        {
            Qualifier.Approximate => "environ ",
            Qualifier.AtLeast => "plus de ",
            Qualifier.AtMost => "jusqu'à ",
            _ => "",
        },
        "compte",
        "a gagné",
        "a perdu",
        "depuis",
        "en",
        (number, year) => $"devrait atteindre {number} d'ici {year}",
        "dépasse",
        "par");

    public static readonly Distribution<LanguagePack> Mix = new([(English, 0.6), (Indonesian, 0.2), (French, 0.2)]);

    public string MonthYear(DateOnly date) => $"{Months[date.Month - 1]} {date.Year.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// "1.2 billion", "350 juta", "350,000", "1,2 milliard": the value is always a mantissa of at most two decimals
    /// times a power of a thousand (see <see cref="ValueModel.Round"/>), so the text states it exactly.
    /// </summary>
    private static string FormatScaled(decimal value, string decimalSeparator, string groupSeparator,
        (string One, string Many) billions, (string One, string Many) millions, string? thousands)
    {
        var magnitude = Math.Abs(value);
        string Mantissa(decimal m) => m.ToString("0.##", CultureInfo.InvariantCulture).Replace(".", decimalSeparator, StringComparison.Ordinal);
        string Unit((string One, string Many) unit, decimal m) => m >= 2 ? unit.Many : unit.One;
        if (magnitude >= 1_000_000_000m)
        {
            var m = magnitude / 1_000_000_000m;
            return $"{Mantissa(m)} {Unit(billions, m)}";
        }

        if (magnitude >= 1_000_000m)
        {
            var m = magnitude / 1_000_000m;
            return $"{Mantissa(m)} {Unit(millions, m)}";
        }

        if (thousands is not null)
        {
            return $"{Mantissa(magnitude / 1000m)} {thousands}";
        }

        return magnitude.ToString("#,0", CultureInfo.InvariantCulture).Replace(",", groupSeparator, StringComparison.Ordinal);
    }
}
