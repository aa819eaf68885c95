using System.Text.Json;
using FactLedger.Testing;

namespace FactLedger.Cli.Tests;

public sealed class CliReadTests(CliWithSeedsIngested cli) : IClassFixture<CliWithSeedsIngested>
{
    private const string Telegram100M = "liputan6-2016-telegram-100-juta.telegram-mau-100m";

    [Fact]
    public void Ingest_reports_what_it_appended()
    {
        Assert.Equal(0, cli.Ingest.ExitCode);
        Assert.Matches(@"Appended \d+ events\.", cli.Ingest.Output);
    }

    [Fact]
    public async Task Ingesting_again_appends_nothing_and_says_so()
    {
        var before = await cli.ScalarAsync("SELECT count(*) FROM ledger.events");
        var again = await cli.RunAsync("ingest", RepositoryPaths.Seeds);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("Nothing to append", again.Output);
        Assert.Equal(before, await cli.ScalarAsync("SELECT count(*) FROM ledger.events"));
    }

    [Fact]
    public async Task Figures_as_json_have_the_documented_fields()
    {
        var run = await cli.RunAsync("figures", "--json");
        Assert.Equal(0, run.ExitCode);
        var figures = JsonDocument.Parse(run.Output).RootElement;
        Assert.True(figures.GetArrayLength() > 0);
        foreach (var figure in figures.EnumerateArray())
        {
            foreach (var field in new[] { "platform", "metric", "value", "qualifier", "asOf", "claimId", "sourceId", "supporting", "supportingTotal",
                "compatibleTotal", "conflictsTotal", "forecastsTotal", "excludedClaimsTotal" })
            {
                Assert.True(figure.TryGetProperty(field, out _), $"figure lacks {field}");
            }
        }

        Assert.Contains(figures.EnumerateArray(), f => f.GetProperty("platform").GetString() == "telegram" && f.GetProperty("metric").GetString() == "messages_per_day"
            && f.GetProperty("value").GetDecimal() == 15_000_000_000m);
    }

    [Fact]
    public async Task Figures_accept_an_alias_and_a_valid_time()
    {
        var run = await cli.RunAsync("figures", "--platform", "TG", "--metric", "monthly_active_users", "--valid-at", "2016-03-01", "--json");
        Assert.Equal(0, run.ExitCode);
        var figure = Assert.Single(JsonDocument.Parse(run.Output).RootElement.EnumerateArray());
        Assert.Equal(100_000_000m, figure.GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task A_trail_as_json_has_claim_source_quote_attribution_recording_and_history()
    {
        var run = await cli.RunAsync("trail", Telegram100M, "--json");
        Assert.Equal(0, run.ExitCode);
        var trail = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(Telegram100M, trail.GetProperty("claim").GetProperty("claimId").GetString());
        Assert.Equal("Liputan6.com", trail.GetProperty("source").GetProperty("publisher").GetString());
        Assert.Equal("2016-02-24", trail.GetProperty("source").GetProperty("published").GetString());
        Assert.Contains("100 juta", trail.GetProperty("quote").GetProperty("context").GetString());
        Assert.True(trail.GetProperty("attribution").GetArrayLength() >= 2);
        Assert.True(trail.TryGetProperty("recordedAt", out _));
        Assert.Equal(2, trail.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task Timeline_sources_and_verify_print_tables()
    {
        var timeline = await cli.RunAsync("timeline", "--platform", "telegram", "--metric", "monthly_active_users");
        Assert.Equal(0, timeline.ExitCode);
        Assert.Contains("900 M", timeline.Output);
        var sources = await cli.RunAsync("sources");
        Assert.Contains("Liputan6.com", sources.Output);
        var verify = await cli.RunAsync("verify");
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains("Intact", verify.Output);
    }

    [Fact]
    public async Task Bad_input_gives_a_message_and_a_non_zero_exit()
    {
        var unknownClaim = await cli.RunAsync("trail", "no-such-claim");
        Assert.Equal(4, unknownClaim.ExitCode);
        Assert.Contains("No claim 'no-such-claim'", unknownClaim.Error);

        var badDate = await cli.RunAsync("figures", "--valid-at", "yesterday");
        Assert.NotEqual(0, badDate.ExitCode);
        Assert.Contains("--valid-at", badDate.Error);

        var badTime = await cli.RunAsync("figures", "--ledger-as-of", "soon");
        Assert.NotEqual(0, badTime.ExitCode);

        var unknownPlatform = await cli.RunAsync("figures", "--platform", "myspace");
        Assert.Equal(4, unknownPlatform.ExitCode);
        Assert.Contains("Unknown platform", unknownPlatform.Error);

        var missingFolder = await cli.RunAsync("ingest", "/no/such/folder");
        Assert.Equal(2, missingFolder.ExitCode);
    }

    [Fact]
    public async Task A_database_that_does_not_answer_in_time_is_named_as_such()
    {
        // Another session holds the figures table, so the CLI's read waits past its one-second command timeout.
        await using var holder = new Npgsql.NpgsqlConnection(cli.ConnectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockTable = new Npgsql.NpgsqlCommand("LOCK TABLE ledger_read.figures IN ACCESS EXCLUSIVE MODE", holder, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var run = await cli.RunAgainstAsync(new Npgsql.NpgsqlConnectionStringBuilder(cli.ConnectionString) { CommandTimeout = 1 }.ConnectionString, "figures");

        Assert.Equal(6, run.ExitCode);
        Assert.Contains("did not answer in time", run.Error);
    }
}

/// <summary>Writes through the CLI; its own database, since these change the ledger.</summary>
public sealed class CliWriteTests(CliWithSeedsIngested cli) : IClassFixture<CliWithSeedsIngested>
{
    private const string Telegram900M = "digitripx-undated-telegram-1-miliar.telegram-active-900m";

    [Fact]
    public async Task Correct_review_and_retract_append_one_event_each_and_time_travel_shows_the_past()
    {
        var sequenceBefore = await cli.ScalarAsync("SELECT coalesce(max(sequence), 0) FROM ledger.feed");
        Assert.Equal(0, (await cli.RunAsync("correct", Telegram900M, "--value", "950000000", "--reason", "re-read")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("review", Telegram900M, "--verdict", "disputed", "--rationale", "FT and Reuters differ")).ExitCode);

        var now = JsonDocument.Parse((await cli.RunAsync("figures", "--platform", "telegram", "--metric", "monthly_active_users", "--json")).Output).RootElement;
        Assert.Equal(950_000_000m, now[0].GetProperty("value").GetDecimal());
        var then = JsonDocument.Parse((await cli.RunAsync("figures", "--platform", "telegram", "--metric", "monthly_active_users", "--ledger-as-of", sequenceBefore.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json")).Output).RootElement;
        Assert.Equal(900_000_000m, then[0].GetProperty("value").GetDecimal());

        var trail = JsonDocument.Parse((await cli.RunAsync("trail", Telegram900M, "--json")).Output).RootElement;
        var history = trail.GetProperty("history").EnumerateArray().ToArray();
        Assert.Equal("cli-test", history[^2].GetProperty("actor").GetString());
        Assert.Equal("re-read", history[^2].GetProperty("reason").GetString());

        Assert.Equal(0, (await cli.RunAsync("retract", Telegram900M, "--reason", "superseded")).ExitCode);
        var after = JsonDocument.Parse((await cli.RunAsync("figures", "--platform", "telegram", "--metric", "monthly_active_users", "--json")).Output).RootElement;
        Assert.NotEqual(Telegram900M, after[0].GetProperty("claimId").GetString());
    }

    [Fact]
    public async Task Rejected_writes_append_nothing()
    {
        var before = await cli.ScalarAsync("SELECT count(*) FROM ledger.events");
        var badAsOf = await cli.RunAsync("correct", Telegram900M, "--as-of", "next-week", "--reason", "x");
        Assert.Equal(2, badAsOf.ExitCode);
        Assert.Contains("as-of", badAsOf.Error);
        var badVerdict = await cli.RunAsync("review", Telegram900M, "--verdict", "maybe", "--rationale", "x");
        Assert.NotEqual(0, badVerdict.ExitCode);
        var noReason = await cli.RunAsync("retract", Telegram900M);
        Assert.NotEqual(0, noReason.ExitCode);
        var unknownMetric = await cli.RunAsync("correct", Telegram900M, "--metric", "vibes", "--reason", "x");
        Assert.Equal(2, unknownMetric.ExitCode);
        Assert.Equal(before, await cli.ScalarAsync("SELECT count(*) FROM ledger.events"));
    }

    [Fact]
    public async Task Replay_rebuilds_and_verify_detects_tampering_with_its_position()
    {
        Assert.Equal(0, (await cli.RunAsync("replay")).ExitCode);
        var dryRun = await cli.RunAsync("ingest", RepositoryPaths.Seeds, "--dry-run");
        Assert.Contains("Nothing to append", dryRun.Output);

        await cli.RunAsync("verify");
        var target = await cli.ScalarAsync("SELECT min(position) FROM ledger.events WHERE event_type = 'claim-asserted'");
        await cli.ScalarAsync($"ALTER TABLE ledger.events DISABLE TRIGGER USER; UPDATE ledger.events SET data = jsonb_set(data, '{{value}}', '1') WHERE position = {target}; ALTER TABLE ledger.events ENABLE TRIGGER USER; SELECT 1");
        var verify = await cli.RunAsync("verify");
        Assert.Equal(5, verify.ExitCode);
        Assert.Contains($"BROKEN at position {target}", verify.Output);
    }
}

/// <summary>The extractor through the CLI: propose, accept as a claims file, ingest; and its evaluation.</summary>
public sealed class CliExtractionTests(CliDatabase cli) : IClassFixture<CliDatabase>
{
    [Fact]
    public async Task Extract_prints_candidates_as_json_with_the_documented_fields()
    {
        var run = await cli.RunAsync("extract", Path.Combine(RepositoryPaths.Seeds, "004_b2d109316d45a28d.txt"), "--json");
        Assert.Equal(0, run.ExitCode);
        var candidates = JsonDocument.Parse(run.Output).RootElement;
        Assert.True(candidates.GetArrayLength() >= 3);
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Seeds, "004_b2d109316d45a28d.txt"));
        foreach (var candidate in candidates.EnumerateArray())
        {
            foreach (var field in new[] { "platform", "metric", "value", "qualifier", "asOf", "attributedTo", "quote", "start", "end", "confidence" })
            {
                Assert.True(candidate.TryGetProperty(field, out _), $"candidate lacks {field}");
            }

            Assert.Equal(candidate.GetProperty("quote").GetString(), text[candidate.GetProperty("start").GetInt32()..candidate.GetProperty("end").GetInt32()]);
        }

        Assert.Contains(candidates.EnumerateArray(), c => c.GetProperty("metric").GetString() == "monthly_active_users" && c.GetProperty("value").GetDecimal() == 400_000_000m);
    }

    [Fact]
    public async Task Accepted_candidates_ingest_as_claims_recorded_by_the_extractor_with_the_importer_as_actor()
    {
        var folder = Directory.CreateTempSubdirectory("candidates-");
        foreach (var name in new[] { "000_7373ae2542d9097f.txt", "000_7373ae2542d9097f.source.json" })
        {
            File.Copy(Path.Combine(RepositoryPaths.Seeds, name), Path.Combine(folder.FullName, name));
        }

        var claimsFile = Path.Combine(folder.FullName, "000_7373ae2542d9097f.claims.json");
        var extract = await cli.RunAsync("extract", Path.Combine(folder.FullName, "000_7373ae2542d9097f.txt"), "--published", "2016-02-24",
            "--claims-file", claimsFile, "--source-id", "liputan6-2016-telegram-100-juta");
        Assert.Equal(0, extract.ExitCode);

        var ingest = await cli.RunAsync("ingest", folder.FullName);
        Assert.True(ingest.ExitCode == 0, ingest.Error);
        var claimIds = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(claimsFile))!["claims"]!.AsArray().Select(c => (string)c!["id"]!).ToArray();
        Assert.NotEmpty(claimIds);

        var trail = JsonDocument.Parse((await cli.RunAsync("trail", claimIds[0], "--json")).Output).RootElement;
        Assert.Equal("extractor", trail.GetProperty("recordedBy").GetProperty("kind").GetString());
        Assert.Equal("factledger-extractor", trail.GetProperty("recordedBy").GetProperty("name").GetString());
        Assert.Equal("cli-test", trail.GetProperty("history")[0].GetProperty("actor").GetString());
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task The_evaluation_prints_precision_and_recall_per_language()
    {
        var run = await cli.RunAsync("evaluate-extractor", RepositoryPaths.Seeds);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Precision", run.Output);
        Assert.Matches(@"│ id\s+│", run.Output);
        Assert.Matches(@"│ fr\s+│", run.Output);
    }

    [Fact]
    public async Task Extract_rejects_a_missing_file_and_a_bad_date()
    {
        Assert.Equal(2, (await cli.RunAsync("extract", "/no/such/article.txt")).ExitCode);
        var badDate = await cli.RunAsync("extract", Path.Combine(RepositoryPaths.Seeds, "000_7373ae2542d9097f.txt"), "--published", "24/2/2016");
        Assert.Equal(2, badDate.ExitCode);
        Assert.Contains("--published", badDate.Error);
    }
}
