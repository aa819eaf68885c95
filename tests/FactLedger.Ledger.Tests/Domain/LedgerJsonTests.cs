using System.Text.Json;
using FactLedger.Ledger.Catalog;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Sources;

namespace FactLedger.Ledger.Tests.Domain;

public class LedgerJsonTests
{
    public static TheoryData<string, object> Events()
    {
        var registered = RegisterSourceHandler.Decide(Fixtures.RegisterArticle(), null) with { SeedDigests = ["source:abc"] };
        var asserted = Fixtures.Asserted(Fixtures.TelegramMau() with
        {
            Qualifier = Qualifier.AtLeast,
            AsOf = new AsOf(PartialDate.Day(2016, 2, 24), PartialDate.OfMonth(2015, 5), "sejak Mei", "relative to publication"),
            Notes = "a note",
        });
        return new TheoryData<string, object>
        {
            { "source-registered", registered },
            { "source-metadata-corrected", new SourceMetadataCorrected("liputan6-2016", new SourceMetadataChanges(Title: "New", Published: PartialDate.OfYear(2016), Cleared: ["author"]), "typo") },
            { "claim-asserted", asserted },
            { "claim-corrected", new ClaimCorrected("telegram-mau-100m", new ClaimChanges(Value: 1.5e8m, Qualifier: Qualifier.Forecast, AsOf: new AsOf(PartialDate.Unknown), Cleared: ["notes"]), "misread", ["correction:x"]) },
            { "claim-reviewed", new ClaimReviewed("telegram-mau-100m", Verdict.Unverifiable, "no primary source", "reviewer") },
            { "claim-retracted", new ClaimRetracted("telegram-mau-100m", "wrong article") },
            { "platform-added", new PlatformAdded(new Platform("threema", "Threema", ["Threema"]), "new platform") },
            { "platform-alias-added", new PlatformAliasAdded("whatsapp", "Wassap", "slang") },
            { "metric-added", new MetricAdded(new Metric("daily_active_users_change", "Change in DAU", MetricKind.Change, "users", "gain or loss", "daily_active_users"), "needed") },
        };
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void Every_event_round_trips_through_LedgerJson(string storedName, object @event)
    {
        var json = JsonSerializer.Serialize(@event, @event.GetType(), LedgerJson.Options);
        var back = JsonSerializer.Deserialize(json, @event.GetType(), LedgerJson.Options)!;

        Assert.Equal(storedName, LedgerEvents.NameOf(@event));
        Assert.Equal(json, JsonSerializer.Serialize(back, back.GetType(), LedgerJson.Options));
        Assert.Equal(@event.GetType(), back.GetType());
    }

    [Fact]
    public void Every_ledger_event_type_is_covered_by_the_round_trip_test()
    {
        var covered = Events().Select(row => (string)row[0]).ToHashSet();
        var domainEvents = LedgerEvents.Types
            .Where(t => t.Namespace is "FactLedger.Ledger.Sources" or "FactLedger.Ledger.Claims" or "FactLedger.Ledger.Catalog")
            .Select(LedgerEvents.NameOf);

        Assert.All(domainEvents, name => Assert.Contains(name, covered));
    }

    [Fact]
    public void Enums_are_snake_case_and_members_camel_case()
    {
        var json = JsonSerializer.Serialize(Fixtures.Asserted(Fixtures.TelegramMau() with { Qualifier = Qualifier.AtLeast }), LedgerJson.Options);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        Assert.Equal("at_least", root.GetProperty("qualifier").GetString());
        Assert.Equal("2016-02-24", root.GetProperty("asOf").GetProperty("date").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("asOf").GetProperty("since").ValueKind);
        Assert.Equal("organization", root.GetProperty("attribution")[1].GetProperty("role").GetString());
        Assert.Equal("person", root.GetProperty("recordedBy").GetProperty("kind").GetString());
        Assert.Equal(100_000_000m, root.GetProperty("value").GetDecimal());
    }

    [Fact]
    public void Values_survive_a_round_trip_field_by_field()
    {
        var asserted = Fixtures.Asserted(Fixtures.TelegramMau() with { AsOf = new AsOf(PartialDate.Day(2016, 2, 24), PartialDate.OfMonth(2015, 5)) });
        var back = JsonSerializer.Deserialize<ClaimAsserted>(JsonSerializer.Serialize(asserted, LedgerJson.Options), LedgerJson.Options)!;

        Assert.Equal(asserted.AsOf, back.AsOf);
        Assert.Equal(PartialDate.OfMonth(2015, 5), back.AsOf.Since);
        Assert.Equal(asserted.Quote, back.Quote);
        Assert.Equal(asserted.Attribution, back.Attribution);
        Assert.Equal(asserted.AlsoQuoted, back.AlsoQuoted);
        Assert.Equal(asserted.RecordedBy, back.RecordedBy);
        Assert.Equal(asserted.Value, back.Value);
        Assert.Null(back.SeedDigests);
    }

    [Fact]
    public void Optional_dates_stay_null_and_unknown_dates_stay_unknown()
    {
        var changes = JsonSerializer.Deserialize<SourceMetadataChanges>("""{"published":null,"cleared":["published"]}""", LedgerJson.Options)!;
        var asOf = JsonSerializer.Deserialize<AsOf>("""{"date":null,"since":null}""", LedgerJson.Options)!;

        Assert.Null(changes.Published);
        Assert.Equal(PartialDate.Unknown, asOf.Date);
        Assert.Null(asOf.Since);
    }
}
