using FactLedger.EventStore.Events;
using FactLedger.Ledger.Application;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Sources;

namespace FactLedger.Ledger.Tests.Integration;

/// <summary>Each test gets its own freshly seeded ledger: these tests change it.</summary>
public sealed class LedgerLifecycleTests : IAsyncLifetime
{
    private const string Telegram900M = "digitripx-undated-telegram-1-miliar.telegram-active-900m";
    private const string Telegram100M = "liputan6-2016-telegram-100-juta.telegram-mau-100m";
    private const string Liputan6 = "liputan6-2016-telegram-100-juta";
    private readonly LedgerWithSeedsIngested _ledger = new();

    public Task InitializeAsync() => _ledger.InitializeAsync();

    public Task DisposeAsync() => _ledger.DisposeAsync();

    private static CommandContext Checker => new("checker@example.org");

    private async Task<decimal?> TelegramMauAsync(LedgerTime? at = null) =>
        (await _ledger.Queries.GetFiguresAsync(new FigureQuery("telegram", "monthly_active_users", LedgerAsOf: at))).SingleOrDefault()?.Value;

    [Fact]
    public async Task A_correction_changes_the_figure_and_ledger_time_still_shows_what_was_said_before_it()
    {
        await _ledger.Store.SealAllAsync();
        var beforeSequence = LedgerTime.AtSequence(await _ledger.Store.GetFeedHeadAsync());
        var beforeMoment = LedgerTime.AtMoment(DateTimeOffset.UtcNow);
        await Task.Delay(20);

        await _ledger.Commands.CorrectClaimAsync(new CorrectClaim(Telegram900M, new ClaimChanges(Value: 950_000_000m), "Re-read the Reuters report"), Checker);
        await _ledger.Daemon.CatchUpAsync();

        Assert.Equal(950_000_000m, await TelegramMauAsync());
        Assert.Equal(900_000_000m, await TelegramMauAsync(beforeSequence));
        Assert.Equal(900_000_000m, await TelegramMauAsync(beforeMoment));

        var trailBefore = await _ledger.Queries.GetTrailAsync(Telegram900M, beforeMoment);
        var trailNow = await _ledger.Queries.GetTrailAsync(Telegram900M);
        Assert.Equal(trailBefore!.History.Count + 1, trailNow!.History.Count);
        var correction = trailNow.History[^1];
        Assert.Equal(HistoryKind.Corrected, correction.Kind);
        Assert.Equal("checker@example.org", correction.Actor);
        Assert.Equal("Re-read the Reuters report", correction.Reason);
        Assert.Contains(correction.Details, d => d.Field == "value" && d.From == "900000000" && d.To == "950000000");

        var timelineBefore = await _ledger.Queries.GetTimelineAsync("telegram", "monthly_active_users", beforeSequence);
        Assert.Contains(timelineBefore, e => e.ClaimId == Telegram900M && e.Value == 900_000_000m);
    }

    [Fact]
    public async Task A_retraction_removes_the_figure_it_supported()
    {
        const string whatsappUsers = "unknown-undated-telegram-400-millions.whatsapp-users-2b-plus";
        var before = LedgerTime.AtMoment(DateTimeOffset.UtcNow);
        await Task.Delay(20);
        await _ledger.Commands.RetractClaimAsync(new RetractClaim(whatsappUsers, "Misattributed: the figure is WhatsApp's own, not the article's"), Checker);
        await _ledger.Daemon.CatchUpAsync();

        Assert.Empty(await _ledger.Queries.GetFiguresAsync(new FigureQuery("whatsapp", "users")));
        Assert.Single(await _ledger.Queries.GetFiguresAsync(new FigureQuery("whatsapp", "users", LedgerAsOf: before)));
        var timeline = await _ledger.Queries.GetTimelineAsync("whatsapp", "users");
        Assert.Equal(ClaimStatus.Retracted, Assert.Single(timeline).Status);
    }

    [Fact]
    public async Task A_claim_reviewed_false_no_longer_sets_the_figure()
    {
        await _ledger.Commands.ReviewClaimAsync(new ReviewClaim(Telegram900M, Verdict.False, "No primary source for 900M", "reviewer-1"), Checker);
        await _ledger.Daemon.CatchUpAsync();
        var figure = Assert.Single(await _ledger.Queries.GetFiguresAsync(new FigureQuery("telegram", "monthly_active_users")));
        Assert.NotEqual(Telegram900M, figure.ClaimId);
        Assert.Contains(figure.ExcludedClaims, e => e.ClaimId == Telegram900M);
    }

    public static TheoryData<string, string> InvalidClaims => new()
    {
        { "unknown-platform", "platform" },
        { "unknown-metric", "metric" },
        { "quote-elsewhere", "quote" },
        { "negative-value", "value" },
        { "as-of-after-publication", "asOf" },
        { "unregistered-source", "sourceId" },
    };

    [Theory]
    [MemberData(nameof(InvalidClaims))]
    public async Task An_invalid_claim_is_rejected_with_its_field_and_appends_nothing(string mistake, string field)
    {
        var source = (await _ledger.Queries.GetSourceStateAsync(Liputan6))!;
        var start = source.Text.IndexOf("100 juta pengguna aktif bulanan", StringComparison.Ordinal);
        var quote = new QuoteSpan("100 juta pengguna aktif bulanan", start, start + 31);
        var command = new AssertClaim($"{Liputan6}.test-{mistake}", Liputan6, "telegram", "monthly_active_users", 100_000_000m, Qualifier.Exact,
            new AsOf(PartialDate.Day(2016, 2, 24)), [new AttributionLink("Liputan6.com", AttributionRole.Article)], quote, [], new Recorder(RecorderKind.Person, "tester"), null);
        command = mistake switch
        {
            "unknown-platform" => command with { Platform = "myspace-messenger" },
            "unknown-metric" => command with { Metric = "vibes_per_day" },
            "quote-elsewhere" => command with { Quote = quote with { Start = start + 1, End = start + 32 } },
            "negative-value" => command with { Value = -5m },
            "as-of-after-publication" => command with { AsOf = new AsOf(PartialDate.Day(2017, 1, 1)) },
            _ => command with { SourceId = "no-such-source" },
        };
        var before = await _ledger.CountEventsAsync();

        var error = await Assert.ThrowsAsync<LedgerValidationException>(() => _ledger.Commands.AssertClaimAsync(command, Checker));

        Assert.Contains(error.Errors.Keys, key => key == field || key.StartsWith(field + ".", StringComparison.Ordinal));
        Assert.Equal(before, await _ledger.CountEventsAsync());
    }

    [Fact]
    public async Task A_correction_that_changes_nothing_is_rejected()
    {
        var before = await _ledger.CountEventsAsync();
        await Assert.ThrowsAsync<LedgerValidationException>(() =>
            _ledger.Commands.CorrectClaimAsync(new CorrectClaim(Telegram100M, new ClaimChanges(Value: 100_000_000m), "no-op"), Checker));
        Assert.Equal(before, await _ledger.CountEventsAsync());
    }

    [Fact]
    public async Task A_write_against_a_stale_version_is_a_conflict_and_appends_nothing()
    {
        var claim = (await _ledger.Queries.GetClaimAsync(Telegram100M))!;
        await _ledger.Commands.ReviewClaimAsync(new ReviewClaim(Telegram100M, Verdict.Supported, "matches the blog", "r1"), Checker with { ExpectedVersion = claim.Version });
        var before = await _ledger.CountEventsAsync();

        var conflict = await Assert.ThrowsAsync<ConcurrencyException>(() =>
            _ledger.Commands.ReviewClaimAsync(new ReviewClaim(Telegram100M, Verdict.Disputed, "late", "r2"), Checker with { ExpectedVersion = claim.Version }));

        Assert.Equal(claim.Version + 1, conflict.ActualVersion);
        Assert.Equal(before, await _ledger.CountEventsAsync());
    }

    [Fact]
    public async Task A_retried_command_with_the_same_idempotency_key_appends_once()
    {
        var context = Checker with { IdempotencyKey = "review-42" };
        var first = await _ledger.Commands.ReviewClaimAsync(new ReviewClaim(Telegram100M, Verdict.Supported, "ok", "r1"), context);
        var before = await _ledger.CountEventsAsync();
        var retry = await _ledger.Commands.ReviewClaimAsync(new ReviewClaim(Telegram100M, Verdict.Supported, "ok", "r1"), context);

        Assert.True(retry.WasDuplicate);
        Assert.Equal((first.Version, first.Position), (retry.Version, retry.Position));
        Assert.Equal(before, await _ledger.CountEventsAsync());
    }

    [Fact]
    public async Task An_edited_claim_file_produces_a_correction_not_a_duplicate()
    {
        var folder = Directory.CreateTempSubdirectory("seeds-edit-");
        foreach (var file in Directory.GetFiles(Testing.RepositoryPaths.Seeds))
        {
            File.Copy(file, Path.Combine(folder.FullName, Path.GetFileName(file)));
        }

        var claimsFile = Directory.GetFiles(folder.FullName, "000_*.claims.json").Single();
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(claimsFile))!;
        var claim = json["claims"]!.AsArray().First(c => (string)c!["id"]! == "liputan6-2016-telegram-100-juta.telegram-new-users-350k")!;
        claim["notes"] = "Checked against the Telegram blog post: 350,000 sign-ups a day.";
        File.WriteAllText(claimsFile, json.ToJsonString());

        var result = await _ledger.Importer.ImportAsync(folder.FullName, dryRun: false);

        var planned = Assert.Single(result.Plan.Events);
        Assert.IsType<ClaimCorrected>(planned.Event);
        Assert.Contains("seed file edited", planned.Reason);
        var sources = await _ledger.Queries.GetSourcesAsync();
        Assert.Equal(20, sources.Sum(s => s.ClaimCount));
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Correcting_source_metadata_flows_into_its_claims()
    {
        await _ledger.Commands.CorrectSourceMetadataAsync(
            new CorrectSourceMetadata(Liputan6, new SourceMetadataChanges(Title: "Telegram Kantongi 100 Juta Pengguna Aktif (Liputan6)"), "Title as printed on the page"), Checker);
        var claim = (await _ledger.Queries.GetClaimAsync(Telegram100M))!;
        Assert.Equal("Telegram Kantongi 100 Juta Pengguna Aktif (Liputan6)", claim.Source.Title);
    }

    [Fact]
    public async Task A_rebuild_equals_the_incrementally_maintained_read_models()
    {
        await _ledger.Commands.CorrectClaimAsync(new CorrectClaim(Telegram900M, new ClaimChanges(Qualifier: Qualifier.Approximate), "Reuters says 'some'"), Checker);
        await _ledger.Commands.RetractClaimAsync(new RetractClaim("unknown-undated-telegram-400-millions.whatsapp-users-2b-plus", "test"), Checker);
        // A new publication date moves the source's claims in both figure and timeline orders.
        await _ledger.Commands.CorrectSourceMetadataAsync(
            new CorrectSourceMetadata(Liputan6, new SourceMetadataChanges(Published: PartialDate.Day(2016, 2, 25)), "Dated by the page's metadata"), Checker);
        await _ledger.Daemon.CatchUpAsync();
        var incremental = await SnapshotReadModelsAsync();

        var phases = new List<string>();
        await _ledger.Rebuilder.RebuildAsync(null, new Progress<EventStore.Projections.RebuildProgress>(p => phases.Add($"{p.Projection}:{p.Phase}")));

        Assert.Equal(incremental, await SnapshotReadModelsAsync());
        Assert.Equal(20, incremental["claims"].Count);
    }

    [Fact]
    public async Task A_rebuild_after_source_corrections_equals_the_incremental_read_models_and_keeps_texts_and_index_names()
    {
        await _ledger.Commands.CorrectSourceMetadataAsync(
            new CorrectSourceMetadata(Liputan6, new SourceMetadataChanges(Title: "Telegram Kantongi 100 Juta Pengguna (Liputan6)", Url: "https://example.org/liputan6"), "Title as printed"), Checker);
        await _ledger.Commands.CorrectClaimAsync(new CorrectClaim(Telegram100M, new ClaimChanges(Qualifier: Qualifier.Approximate), "Blog says 'about'"), Checker);
        await _ledger.Daemon.CatchUpAsync();
        var incremental = await SnapshotReadModelsAsync();
        var textBefore = (await _ledger.Queries.GetSourceStateAsync(Liputan6))!.Text;
        var indexesBefore = await ReadModelIndexesAsync();

        await _ledger.Rebuilder.RebuildAsync(null);
        // Twice: the second rebuild starts from tables a rebuild swapped in.
        await _ledger.Rebuilder.RebuildAsync(null);

        Assert.Equal(incremental, await SnapshotReadModelsAsync());
        var rebuilt = (await _ledger.Queries.GetSourceStateAsync(Liputan6))!;
        Assert.Equal(textBefore, rebuilt.Text);
        Assert.NotEmpty(rebuilt.Text);
        Assert.Equal("https://example.org/liputan6", (await _ledger.Queries.GetClaimAsync(Telegram100M))!.Source.Url);
        Assert.Equal(indexesBefore, await ReadModelIndexesAsync());
        await using var urls = _ledger.Store.AdminDataSource.CreateCommand("SELECT count(*) FROM ledger_read.sources WHERE url IS DISTINCT FROM doc->>'url'");
        Assert.Equal(0L, await urls.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_source_corrected_while_claims_are_rebuilt_is_shown_by_its_claims_after_the_swap()
    {
        const string title = "Telegram Kantongi 100 Juta Pengguna (dikoreksi saat rebuild)";
        var corrected = false;
        // Reported synchronously on the rebuild's own path, after the claims were folded with the old source.
        var duringBuild = new SynchronousProgress(p =>
        {
            if (p.Projection == "claims" && p.Phase == "building aside" && !corrected)
            {
                corrected = true;
                _ledger.Commands.CorrectSourceMetadataAsync(
                    new CorrectSourceMetadata(Liputan6, new SourceMetadataChanges(Title: title), "Corrected during a rebuild"), Checker).GetAwaiter().GetResult();
            }
        });

        await _ledger.Rebuilder.RebuildAsync("claims", duringBuild);
        await _ledger.Daemon.CatchUpAsync();

        Assert.True(corrected);
        Assert.Equal(title, (await _ledger.Queries.GetClaimAsync(Telegram100M))!.Source.Title);
        var incremental = await SnapshotReadModelsAsync();
        await _ledger.Rebuilder.RebuildAsync(null);
        Assert.Equal(incremental, await SnapshotReadModelsAsync());
    }

    private sealed class SynchronousProgress(Action<EventStore.Projections.RebuildProgress> report) : IProgress<EventStore.Projections.RebuildProgress>
    {
        public void Report(EventStore.Projections.RebuildProgress value) => report(value);
    }

    private async Task<List<string>> ReadModelIndexesAsync()
    {
        await using var command = _ledger.Store.AdminDataSource.CreateCommand(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = 'ledger_read' ORDER BY tablename, indexname");
        await using var reader = await command.ExecuteReaderAsync();
        var indexes = new List<string>();
        while (await reader.ReadAsync())
        {
            indexes.Add(reader.GetString(0));
        }

        return indexes;
    }

    private async Task<Dictionary<string, List<string>>> SnapshotReadModelsAsync()
    {
        var tables = new Dictionary<string, string>
        {
            ["sources"] = "SELECT source_id || ' ' || version || ' ' || doc::text FROM ledger_read.sources ORDER BY 1",
            // Every column as stored, the figure and timeline sort keys included; the document byte for byte.
            ["claims"] = "SELECT c::text FROM ledger_read.claims c ORDER BY claim_id",
            ["figures"] = "SELECT platform || ' ' || metric || ' ' || claim_count || ' ' || doc::text FROM ledger_read.figures ORDER BY 1",
        };
        var snapshot = new Dictionary<string, List<string>>();
        foreach (var (name, sql) in tables)
        {
            await using var command = _ledger.Store.AdminDataSource.CreateCommand(sql);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }

            snapshot[name] = rows;
        }

        return snapshot;
    }
}
