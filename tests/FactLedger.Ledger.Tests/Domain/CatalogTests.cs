using FactLedger.Ledger.Catalog;
using static FactLedger.Ledger.Tests.Domain.Fixtures;

namespace FactLedger.Ledger.Tests.Domain;

public class CatalogTests
{
    [Theory]
    [InlineData("WA", "whatsapp")]
    [InlineData("wa", "whatsapp")]
    [InlineData("Whats App", "whatsapp")]
    [InlineData("TG", "telegram")]
    [InlineData("telegram", "telegram")]
    public void Platforms_are_found_by_alias(string alias, string id) =>
        Assert.Equal(id, BuiltIn.FindPlatform(alias)?.Id);

    [Fact]
    public void Added_platform_and_alias_are_folded_onto_the_built_in_catalog()
    {
        var added = ExtendCatalog.Decide(new AddPlatform("threema", "Threema", ["Threema Work"], "seen in an article"), BuiltIn);
        var withPlatform = BuiltIn.Apply(added);
        var alias = ExtendCatalog.Decide(new AddPlatformAlias("threema", "3ma", "slang"), withPlatform);

        var catalog = PlatformCatalog.FromEvents([added, alias]);

        Assert.Equal("threema", catalog.FindPlatform("3ma")?.Id);
        Assert.Equal("threema", catalog.FindPlatform("Threema Work")?.Id);
        Assert.Equal("whatsapp", catalog.FindPlatform("WA")?.Id);
    }

    [Fact]
    public void Duplicate_platform_id_name_or_alias_is_rejected()
    {
        var failure = Invalid(() => ExtendCatalog.Decide(new AddPlatform("whatsapp", "Telegram", ["WA", " "], "dup"), BuiltIn));

        HasError(failure, "id", "whatsapp");
        HasError(failure, "name", "telegram");
        HasError(failure, "aliases[0]", "whatsapp");
        HasError(failure, "aliases[1]", "blank");
    }

    [Fact]
    public void Platform_ids_must_be_slugs_and_reasons_given()
    {
        var failure = Invalid(() => ExtendCatalog.Decide(new AddPlatform("Threema!", "Threema", [], ""), BuiltIn));

        HasError(failure, "id", "not a valid id");
        HasError(failure, "reason", "required");
    }

    [Fact]
    public void Alias_needs_a_known_platform_and_a_free_name()
    {
        var failure = Invalid(() => ExtendCatalog.Decide(new AddPlatformAlias("threema", "TG", "r"), BuiltIn));

        HasError(failure, "platformId", "Unknown platform");
        HasError(failure, "alias", "telegram");
    }

    [Fact]
    public void Metrics_are_added_with_kind_rules()
    {
        var added = ExtendCatalog.Decide(new AddMetric("registered_users_change", "Change in registered users", MetricKind.Change, "users", "gain", "registered_users", "needed"), BuiltIn);

        Assert.Equal(MetricKind.Change, BuiltIn.Apply(added).FindMetric("registered_users_change")?.Kind);
        HasError(Invalid(() => ExtendCatalog.Decide(new AddMetric("monthly_active_users", "x", MetricKind.Level, "users", "d", null, "r"), BuiltIn)), "id", "already exists");
        HasError(Invalid(() => ExtendCatalog.Decide(new AddMetric("Bad-Id", "x", MetricKind.Level, "users", "d", null, "r"), BuiltIn)), "id", "not a valid metric id");
        HasError(Invalid(() => ExtendCatalog.Decide(new AddMetric("x_change", "x", MetricKind.Change, "users", "d", "monthly_active_users_change", "r"), BuiltIn)), "baseMetric", "level metric");
        HasError(Invalid(() => ExtendCatalog.Decide(new AddMetric("x_level", "x", MetricKind.Level, "users", "d", "users", "r"), BuiltIn)), "baseMetric", "no base metric");
    }
}
