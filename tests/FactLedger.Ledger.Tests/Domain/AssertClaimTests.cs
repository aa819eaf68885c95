using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using static FactLedger.Ledger.Tests.Domain.Fixtures;

namespace FactLedger.Ledger.Tests.Domain;

public class AssertClaimTests
{
    private static LedgerValidationException Reject(AssertClaim command) =>
        Invalid(() => AssertClaimHandler.Decide(command, null, Article(), BuiltIn));

    [Fact]
    public void A_valid_claim_is_asserted_with_the_metric_unit()
    {
        var e = Asserted();

        Assert.Equal("telegram-mau-100m", e.ClaimId);
        Assert.Equal("users", e.Unit);
        Assert.Equal(100_000_000m, e.Value);
        Assert.Equal("liputan6-2016", e.SourceId);
    }

    [Fact]
    public void Platform_alias_is_stored_as_the_canonical_id() =>
        Assert.Equal("whatsapp", Asserted(TelegramMau() with { Platform = "WA" }).Platform);

    [Fact]
    public void Claim_ids_may_name_their_source_as_a_path() =>
        Assert.Equal("liputan6-2016.telegram-mau", Asserted(TelegramMau("liputan6-2016.telegram-mau")).ClaimId);

    [Fact]
    public void Unknown_platform_names_the_field_and_lists_valid_ids()
    {
        var failure = Reject(TelegramMau() with { Platform = "Telegrem" });

        HasError(failure, "platform", "Unknown platform 'Telegrem'");
        HasError(failure, "platform", "whatsapp");
    }

    [Fact]
    public void Unknown_metric_names_the_field_and_lists_valid_ids() =>
        HasError(Reject(TelegramMau() with { Metric = "mau" }), "metric", "monthly_active_users");

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public void A_level_must_be_positive(string value) =>
        HasError(Reject(TelegramMau() with { Value = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture) }), "value", "positive");

    [Fact]
    public void A_change_may_be_a_loss_but_not_zero()
    {
        Assert.Equal(-5m, Asserted(TelegramMau() with { Metric = "monthly_active_users_change", Value = -5m }).Value);
        HasError(Reject(TelegramMau() with { Metric = "monthly_active_users_change", Value = 0m }), "value", "non-zero");
    }

    [Fact]
    public void Unit_other_than_the_metric_unit_is_rejected() =>
        HasError(Reject(TelegramMau() with { Unit = "people" }), "unit", "'users'");

    [Fact]
    public void Claim_must_not_exist_yet() =>
        HasError(Invalid(() => AssertClaimHandler.Decide(TelegramMau(), TelegramClaim(), Article(), BuiltIn)), "claimId", "already exists");

    [Fact]
    public void Source_must_be_registered() =>
        HasError(Invalid(() => AssertClaimHandler.Decide(TelegramMau(), null, null, BuiltIn)), "sourceId", "not registered");

    [Theory]
    [InlineData("Telegram-MAU")]
    [InlineData("a//b")]
    [InlineData("")]
    public void Claim_id_must_be_a_slug_path(string id) =>
        HasError(Reject(TelegramMau(id)), "claimId");

    [Fact]
    public void Quote_must_be_at_its_offsets_and_the_error_says_where_it_is()
    {
        var quote = Quote("100 juta pengguna aktif bulanan");
        var failure = Reject(TelegramMau() with { Quote = quote with { Start = quote.Start + 1, End = quote.End + 1 } });

        HasError(failure, "quote", $"occurs at [{quote.Start}, {quote.End})");
    }

    [Fact]
    public void Quote_absent_from_the_text_is_rejected() =>
        HasError(Reject(TelegramMau() with { Quote = new QuoteSpan("200 juta", 0, 8) }), "quote", "does not occur");

    [Fact]
    public void Each_also_quoted_span_is_checked()
    {
        var failure = Reject(TelegramMau() with { AlsoQuoted = [Quote("38 juta"), new QuoteSpan("38 juta", 0, 7)] });

        Assert.False(failure.Errors.ContainsKey("alsoQuoted[0]"));
        HasError(failure, "alsoQuoted[1]", "is not at [0, 7)");
    }

    [Fact]
    public void As_of_after_publication_is_rejected_at_the_coarser_precision()
    {
        HasError(Reject(TelegramMau() with { AsOf = new AsOf(PartialDate.Day(2016, 2, 25)) }), "asOf.date", "after the source's publication");
        HasError(Reject(TelegramMau() with { AsOf = new AsOf(PartialDate.OfMonth(2016, 3)) }), "asOf.date");

        // "2016" starts before the 24 Feb publication, so it may have held by then.
        Assert.Equal(PartialDate.OfYear(2016), Asserted(TelegramMau() with { AsOf = new AsOf(PartialDate.OfYear(2016)) }).AsOf.Date);
    }

    [Fact]
    public void A_forecast_may_be_dated_after_publication() =>
        Assert.Equal(Qualifier.Forecast, Asserted(TelegramMau() with { Qualifier = Qualifier.Forecast, AsOf = new AsOf(PartialDate.OfYear(2017)) }).Qualifier);

    [Fact]
    public void Against_an_undated_source_any_as_of_passes()
    {
        var undated = Article() with { Published = PartialDate.Unknown };

        var e = AssertClaimHandler.Decide(TelegramMau() with { AsOf = new AsOf(PartialDate.OfYear(2020)) }, null, undated, BuiltIn);

        Assert.Equal(PartialDate.OfYear(2020), e.AsOf.Date);
    }

    [Fact]
    public void A_period_must_start_before_it_ends()
    {
        HasError(Reject(TelegramMau() with { AsOf = new AsOf(PartialDate.OfMonth(2016, 1), PartialDate.OfMonth(2016, 2)) }), "asOf.since", "after it ends");
        Assert.NotNull(Asserted(TelegramMau() with { AsOf = new AsOf(PartialDate.Day(2016, 2, 24), PartialDate.OfMonth(2016, 2)) }).AsOf.Since);
    }

    [Fact]
    public void Attribution_names_and_recorder_name_are_required()
    {
        var failure = Reject(TelegramMau() with { Attribution = [new AttributionLink(" ", AttributionRole.Outlet)], RecordedBy = new Recorder(RecorderKind.Extractor, "") });

        HasError(failure, "attribution[0].name", "required");
        HasError(failure, "recordedBy.name", "required");
    }

    [Fact]
    public void All_errors_are_reported_at_once()
    {
        var failure = Reject(TelegramMau() with { Platform = "nope", Metric = "nope", Value = 0m, Quote = new QuoteSpan("x", 0, 1) });

        Assert.Equal(["metric", "platform", "quote", "value"], failure.Errors.Keys.Order().ToArray());
        Assert.Contains("platform: Unknown platform 'nope'", failure.Message);
    }
}
