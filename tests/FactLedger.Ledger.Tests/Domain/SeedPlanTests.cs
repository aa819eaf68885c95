using System.Text.Json.Nodes;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Seeds;
using FactLedger.Ledger.Sources;
using static FactLedger.Ledger.Tests.Domain.Fixtures;

namespace FactLedger.Ledger.Tests.Domain;

public class SeedPlanTests
{
    private const string MauId = "liputan6-2016.telegram-mau-100m";

    private static SeedPlan Plan(SeedFixture seeds, SeedFixture.Ledger? ledger = null) => SeedFixture.Plan(seeds.Load(), ledger);

    [Fact]
    public void A_fresh_ledger_gets_registration_assertions_and_corrections_in_order()
    {
        var plan = Plan(new SeedFixture());

        Assert.Equal(["source-liputan6-2016", $"claim-{MauId}", "claim-liputan6-2016.telegram-mau-gain-38m"], plan.Streams.Select(s => s.StreamId));
        Assert.All(plan.Streams, s => Assert.Equal(0, s.ExpectedVersion));
        Assert.Equal(["claim-asserted", "claim-corrected"], plan.Streams[1].Events.Select(e => e.EventType));
        Assert.Equal(
            [
                "source-registered liputan6-2016 (Telegram Kantongi 100 Juta Pengguna Aktif)",
                $"claim-asserted {MauId} (telegram monthly_active_users 100000000)",
                $"claim-corrected {MauId} (asOf 2016-02-24 (\"sampai saat ini\") → 2016-02-23 (\"sampai saat ini\"); Telegram's blog post is dated 23 Feb 2016)",
                "claim-asserted liputan6-2016.telegram-mau-gain-38m (telegram monthly_active_users_change 38000000)",
            ],
            plan.Describe());
    }

    [Fact]
    public void Planned_events_carry_actors_reasons_and_canonical_platforms()
    {
        var events = Plan(new SeedFixture()).Events.ToArray();

        Assert.Equal("seed-import", events[0].Actor);
        Assert.Equal(SeedFolder.DefaultRecorder.Name, events[1].Actor);
        Assert.Equal(("seed-curator", "Telegram's blog post is dated 23 Feb 2016"), (events[2].Actor, events[2].Reason));
        Assert.Equal("telegram", ((ClaimAsserted)events[3].Event).Platform);
    }

    [Fact]
    public void Event_ids_are_deterministic_and_distinct()
    {
        var first = Plan(new SeedFixture()).Events.Select(e => e.EventId).ToArray();
        var second = Plan(new SeedFixture()).Events.Select(e => e.EventId).ToArray();

        Assert.Equal(first, second);
        Assert.Equal(first.Length, first.Distinct().Count());
        Assert.All(first, id => Assert.Equal(5, id.Version));
    }

    [Fact]
    public void Planning_against_the_state_the_plan_produces_plans_nothing()
    {
        var seeds = new SeedFixture();
        var ledger = new SeedFixture.Ledger().Append(Plan(seeds));

        var again = Plan(seeds, ledger);

        Assert.True(again.IsEmpty, string.Join("\n", again.Describe()));
        Assert.Empty(again.Warnings);
    }

    [Fact]
    public void An_edited_claim_is_corrected_not_duplicated()
    {
        var ledger = new SeedFixture.Ledger().Append(Plan(new SeedFixture()));
        var edited = new SeedFixture().Edit(SeedFixture.ClaimsFile, j => j["claims"]![0]!["value"] = 110000000);

        var plan = Plan(edited, ledger);

        var stream = Assert.Single(plan.Streams);
        Assert.Equal((Claim.StreamId(MauId), 2), (stream.StreamId, stream.ExpectedVersion));
        var corrected = Assert.IsType<ClaimCorrected>(Assert.Single(stream.Events).Event);
        Assert.Equal("seed file edited: 000_test.claims.json", corrected.Reason);
        Assert.Equal(110_000_000m, corrected.Changes.Value);
        Assert.Null(corrected.Changes.AsOf);
        Assert.True(Plan(edited, ledger.Append(plan)).IsEmpty);
    }

    [Fact]
    public void A_correction_added_to_the_file_is_appended_once_with_its_own_reason()
    {
        var ledger = new SeedFixture.Ledger().Append(Plan(new SeedFixture()));
        var withCorrection = new SeedFixture().Edit(SeedFixture.ClaimsFile, j => j["corrections"]!.AsArray().Add(JsonNode.Parse(
            $$"""{ "claimId": "{{MauId}}", "changes": { "qualifier": "approximate" }, "reason": "the blog rounds", "actor": "alice" }""")));

        var plan = Plan(withCorrection, ledger);

        var planned = Assert.Single(plan.Events);
        Assert.Equal(("alice", "the blog rounds"), (planned.Actor, planned.Reason));
        Assert.Equal(Qualifier.Approximate, ((ClaimCorrected)planned.Event).Changes.Qualifier);
        Assert.True(Plan(withCorrection, ledger.Append(plan)).IsEmpty);
    }

    [Fact]
    public void Corrections_made_in_the_ledger_survive_a_reimport_of_an_unchanged_file()
    {
        var seeds = new SeedFixture();
        var ledger = new SeedFixture.Ledger().Append(Plan(seeds));
        ledger.Append(CorrectClaimHandler.Decide(new CorrectClaim(MauId, new ClaimChanges(Value: 101_000_000m), "api fix"), ledger.Claims[MauId], ledger.Sources["liputan6-2016"], BuiltIn));

        Assert.True(Plan(seeds, ledger).IsEmpty);
    }

    [Fact]
    public void Edited_source_metadata_is_corrected_and_changed_text_is_refused()
    {
        var ledger = new SeedFixture.Ledger().Append(Plan(new SeedFixture()));
        var edited = new SeedFixture().Edit(SeedFixture.SourceFile, j => j["author"] = "Agustinus Mario Damar");

        var e = Assert.IsType<SourceMetadataCorrected>(Assert.Single(Plan(edited, ledger).Events).Event);

        Assert.Equal("Agustinus Mario Damar", e.Changes.Author);
        Assert.Equal("seed file edited: 000_test.source.json", e.Reason);

        var rewritten = new SeedFixture();
        rewritten.Files[SeedFixture.TextFile] = ArticleText + " Tambahan.";
        HasError(Invalid(() => Plan(rewritten, ledger)), "000_test.source.json:$.file", "differs");
    }

    [Fact]
    public void Every_invalid_entry_of_every_file_is_reported_and_nothing_is_planned()
    {
        var seeds = new SeedFixture().Edit(SeedFixture.ClaimsFile, j =>
        {
            j["claims"]![0]!["platform"] = "Telegrem";
            j["claims"]![1]!["start"] = 0;
            j["corrections"]![0]!["changes"] = JsonNode.Parse("""{ "asOf": { "date": "2017-01" } }""");
            j["excluded"]![0]!["start"] = 1;
        });
        seeds.Files["001_b.txt"] = "Signal punya 40 juta pengguna.";
        seeds.Files["001_b.source.json"] = """{ "id": "b", "file": "001_b.txt", "title": "B", "language": "xx", "published": null }""";

        var failure = Invalid(() => Plan(seeds));

        HasError(failure, "000_test.claims.json:$.claims[0].platform", "Unknown platform 'Telegrem'");
        HasError(failure, "000_test.claims.json:$.claims[1].quote", "occurs at");
        HasError(failure, "000_test.claims.json:$.excluded[0]", "not at");
        HasError(failure, "001_b.source.json:$.language", "ISO 639-1");
    }

    [Fact]
    public void A_correction_breaking_a_rule_is_reported_at_its_changes()
    {
        var seeds = new SeedFixture().Edit(SeedFixture.ClaimsFile, j =>
            j["corrections"]![0]!["changes"] = JsonNode.Parse("""{ "asOf": { "date": "2017-01" }, "metric": "mau" }"""));

        var failure = Invalid(() => Plan(seeds));

        HasError(failure, "000_test.claims.json:$.corrections[0].changes.metric", "Unknown metric");
    }

    [Fact]
    public void A_correction_that_changes_nothing_in_the_file_is_an_error() =>
        HasError(Invalid(() => Plan(new SeedFixture().Edit(SeedFixture.ClaimsFile, j =>
            j["corrections"]![0]!["changes"] = JsonNode.Parse("""{ "value": 100000000 }""")))),
            "000_test.claims.json:$.corrections[0].changes", "changes nothing");

    [Fact]
    public void A_retracted_claim_is_left_alone_with_a_warning()
    {
        var ledger = new SeedFixture.Ledger().Append(Plan(new SeedFixture()));
        ledger.Append(new ClaimRetracted(MauId, "misread"));
        var edited = new SeedFixture().Edit(SeedFixture.ClaimsFile, j => j["claims"]![0]!["value"] = 110000000);

        var plan = Plan(edited, ledger);

        Assert.True(plan.IsEmpty);
        Assert.Contains(plan.Warnings, w => w.Contains(MauId, StringComparison.Ordinal));
        Assert.Empty(Plan(new SeedFixture(), ledger).Warnings);
    }

    [Fact]
    public void A_claim_existing_under_another_source_is_an_error()
    {
        var ledger = new SeedFixture.Ledger().Append(Plan(new SeedFixture()));
        var registered = RegisterSourceHandler.Decide(RegisterArticle("other"), null);
        ledger.Append(registered);
        ledger.Claims[MauId] = ledger.Claims[MauId] with { SourceId = "other", SeedDigests = [] };

        HasError(Invalid(() => Plan(new SeedFixture(), ledger)), "000_test.claims.json:$.claims[0].id", "for source 'other'");
    }
}
