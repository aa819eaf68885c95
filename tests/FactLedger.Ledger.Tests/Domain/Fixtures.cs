using FactLedger.Ledger.Catalog;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Sources;

namespace FactLedger.Ledger.Tests.Domain;

/// <summary>Small inline sources and claims shared by the domain tests.</summary>
internal static class Fixtures
{
    public const string ArticleText =
        "Telegram Kantongi 100 Juta Pengguna Aktif\n\n" +
        "Liputan6.com, Jakarta - Telegram dikabarkan telah berhasil memiliki 100 juta pengguna aktif bulanan sampai saat ini. " +
        "Sejak Mei tahun lalu, perusahaan ini berhasil menggandeng 38 juta pengguna aktif bulanan. " +
        "WhatsApp baru saja berhasil mencapai 1 milyar pengguna aktif. " +
        "Telegram menargetkan 1 miliar pengguna aktif bulanan tahun depan.";

    public static PlatformCatalog BuiltIn => PlatformCatalog.BuiltIn;

    public static RegisterSource RegisterArticle(string id = "liputan6-2016", string text = ArticleText) => new(
        id, "Telegram Kantongi 100 Juta Pengguna Aktif", "Liputan6.com", "Agustinus Mario Damar", null, "id",
        PartialDate.Day(2016, 2, 24), "byline stamp", text, "000_test.txt", null);

    public static Source Article(string id = "liputan6-2016", string text = ArticleText) =>
        Source.Evolve(null, RegisterSourceHandler.Decide(RegisterArticle(id, text), null))!;

    public static QuoteSpan Quote(string phrase, string text = ArticleText)
    {
        var start = text.IndexOf(phrase, StringComparison.Ordinal);
        Assert.True(start >= 0, $"fixture phrase '{phrase}' not in text");
        return new QuoteSpan(phrase, start, start + phrase.Length);
    }

    public static readonly Recorder Curator = new(RecorderKind.Person, "curator");

    public static AssertClaim TelegramMau(string claimId = "telegram-mau-100m") => new(
        claimId,
        "liputan6-2016",
        "telegram",
        "monthly_active_users",
        100_000_000m,
        Qualifier.Exact,
        new AsOf(PartialDate.Day(2016, 2, 24), Text: "sampai saat ini"),
        [new AttributionLink("Liputan6.com", AttributionRole.Article), new AttributionLink("Telegram", AttributionRole.Organization)],
        Quote("memiliki 100 juta pengguna aktif bulanan sampai saat ini"),
        [Quote("Telegram Kantongi 100 Juta Pengguna Aktif")],
        Curator,
        null);

    public static ClaimAsserted Asserted(AssertClaim? command = null) =>
        AssertClaimHandler.Decide(command ?? TelegramMau(), null, Article(), BuiltIn);

    public static Claim TelegramClaim() => Claim.Evolve(null, Asserted())!;

    public static LedgerValidationException Invalid(Action decide) => Assert.Throws<LedgerValidationException>(decide);

    /// <summary>Asserts the failure names <paramref name="field"/> and its message contains <paramref name="fragment"/>.</summary>
    public static void HasError(LedgerValidationException failure, string field, string fragment = "")
    {
        Assert.True(failure.Errors.ContainsKey(field), $"expected an error for '{field}', got: {failure.Message}");
        Assert.Contains(failure.Errors[field], m => m.Contains(fragment, StringComparison.OrdinalIgnoreCase));
    }
}
