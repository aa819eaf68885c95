using FactLedger.EventStore.Append;
using FactLedger.EventStore.Events;
using FactLedger.Ledger.Catalog;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Sources;

namespace FactLedger.Benchmarks.Generator;

/// <summary>One generated article: its source stream and its claims' streams, all new.</summary>
public sealed record GeneratedArticle(int Index, StreamAppend Source, IReadOnlyList<StreamAppend> Claims)
{
    public int EventCount { get; } = Source.Events.Count + Claims.Sum(c => c.Events.Count);

    public IEnumerable<StreamAppend> Streams => Claims.Prepend(Source);
}

/// <summary>
/// A deterministic, endless ledger of articles and the claims read from them. Every event is decided by the ledger's
/// own command handlers from a generated command (so each one passed the same rules the API enforces: quotes at their
/// offsets, as-of not after publication unless a forecast, known platform and metric, corrections that change something).
/// Article <c>n</c> depends only on the seed and <c>n</c>, so a smaller ledger is a prefix of a larger one.
/// </summary>
/// <remarks>
/// Proportions per claim: about 20 % corrected (a quarter of those twice), 30 % reviewed (a tenth twice), 3 % retracted;
/// 3 % of sources get a metadata correction. Articles run 1.5 to 7 kB (the seed articles run 2.3 to 7 kB) and carry one to
/// eight claims (about four on average, the seeds carry two to five).
/// </remarks>
public sealed class SyntheticLedger(int seed = SyntheticLedger.DefaultSeed)
{
    public const int DefaultSeed = 20_160_224;

    private static readonly PlatformCatalog Catalog = PlatformCatalog.BuiltIn;
    private static readonly Distribution<int> ClaimsPerArticle = new([(1, 12), (2, 16), (3, 18), (4, 18), (5, 14), (6, 10), (7, 7), (8, 5)]);
    private static readonly Distribution<Verdict> Verdicts = new(
        [(Verdict.Supported, 45), (Verdict.Disputed, 15), (Verdict.False, 12), (Verdict.Misleading, 10), (Verdict.Unverifiable, 18)]);
    private static readonly Distribution<CorrectionKind> Corrections = new(
        [(CorrectionKind.Value, 45), (CorrectionKind.Qualifier, 15), (CorrectionKind.AsOf, 20), (CorrectionKind.Notes, 15), (CorrectionKind.Metric, 5)]);

    private static readonly string[] FirstNames = ["Agustinus", "Marie", "Dewi", "James", "Aiko", "Lucas", "Siti", "Camille", "Rahul", "Elena", "Budi", "Chloe"];
    private static readonly string[] LastNames = ["Damar", "Dupont", "Lestari", "Walker", "Tanaka", "Moreau", "Nurhaliza", "Bernard", "Gupta", "Rossi", "Santoso", "Martin"];
    private static readonly string[] Outlets = ["Reuters", "AFP", "Bloomberg", "The Verge", "TechCrunch", "Associated Press"];
    private static readonly string[] Reviewers = ["fact-desk", "a.rahman", "m.leclerc", "j.osei", "review-bot"];
    private static readonly string[] Editors = ["editor.lina", "editor.paul", "editor.yusuf", "importer"];

    private enum CorrectionKind
    {
        Value,
        Qualifier,
        AsOf,
        Notes,
        Metric,
    }

    public int Seed => seed;

    /// <summary>Articles 0, 1, 2, … as long as the total number of events stays within <paramref name="maxEvents"/>.</summary>
    public IEnumerable<GeneratedArticle> Articles(long maxEvents)
    {
        long total = 0;
        for (var index = 0; ; index++)
        {
            var article = Article(index);
            if (total + article.EventCount > maxEvents)
            {
                yield break;
            }

            total += article.EventCount;
            yield return article;
        }
    }

    /// <summary>Groups articles' streams into bulk-append batches of at least <paramref name="eventsPerBatch"/> events (an article is never split).</summary>
    public static IEnumerable<IReadOnlyList<StreamAppend>> Batches(IEnumerable<GeneratedArticle> articles, int eventsPerBatch)
    {
        var batch = new List<StreamAppend>();
        var events = 0;
        foreach (var article in articles)
        {
            batch.AddRange(article.Streams);
            events += article.EventCount;
            if (events >= eventsPerBatch)
            {
                yield return batch;
                batch = [];
                events = 0;
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    public GeneratedArticle Article(int index)
    {
        var random = new Random(Mix(seed, index));
        var ids = new EventIds(index, random);
        var correlation = random.NextGuid();
        var language = LanguagePack.Mix.Pick(random);
        var (publisher, domain) = random.PickOne(language.Publishers);
        var author = $"{random.PickOne(FirstNames)} {random.PickOne(LastNames)}";
        var published = RandomPublished(random);
        var drafts = Enumerable.Range(0, ClaimsPerArticle.Pick(random)).Select(i => Draft(random, language, published, i == 0 && random.Chance(0.5))).ToArray();
        var targetLength = 1_500 + (int)(5_500 * Math.Pow(random.NextDouble(), 1.6));
        var written = ArticleWriter.Write(random, language, author, publisher, published, targetLength, drafts);

        var sourceId = $"{domain.Split('.')[0]}-{(published.IsKnown ? published.Start.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) : "undated")}-{index:x6}";
        var registered = RegisterSourceHandler.Decide(new RegisterSource(
            sourceId, written.Title, publisher, author, $"https://{domain}/{sourceId}", language.Code, published,
            PublishedNote: null, written.Text, FileName: null, Notes: random.Chance(0.1) ? "Synthetic article for benchmarks." : null), existing: null);
        var source = Source.Evolve(null, registered)!;
        var sourceEvents = new List<NewEvent> { New(ids, registered, Editors[^1], null, correlation) };
        if (random.Chance(0.03))
        {
            const string reason = "Byline corrected after the publisher's erratum.";
            var corrected = CorrectSourceMetadataHandler.Decide(
                new CorrectSourceMetadata(sourceId, new SourceMetadataChanges(Author: $"{author} and {random.PickOne(FirstNames)} {random.PickOne(LastNames)}"), reason), source);
            source = Source.Evolve(source, corrected)!;
            sourceEvents.Add(New(ids, corrected, random.PickOne(Editors), reason, correlation));
        }

        var claims = new List<StreamAppend>(drafts.Length);
        for (var i = 0; i < drafts.Length; i++)
        {
            var claimId = $"{sourceId}.{drafts[i].Platform}-{drafts[i].Metric.Replace('_', '-')}-{i + 1}";
            var events = ClaimEvents(random, ids, language, source, claimId, drafts[i], written.Quotes[i], written.HeadlineQuotes[i], correlation);
            claims.Add(new StreamAppend(Claim.StreamId(claimId), "claim", ExpectedVersion.NoStream, events));
        }

        return new GeneratedArticle(index, new StreamAppend(Source.StreamId(sourceId), "source", ExpectedVersion.NoStream, sourceEvents), claims);
    }

    private static List<NewEvent> ClaimEvents(Random random, EventIds ids, LanguagePack language, Source source, string claimId, ClaimDraft draft,
        QuoteSpan quote, QuoteSpan? headline, Guid correlation)
    {
        var recorder = random.Chance(0.65)
            ? new Recorder(RecorderKind.Person, random.PickOne(Editors))
            : new Recorder(RecorderKind.Extractor, "factledger-extractor", "0.4.0");
        var attribution = new List<AttributionLink> { new(source.Publisher!, AttributionRole.Article) };
        if (random.Chance(0.4))
        {
            attribution.Add(new AttributionLink(random.PickOne(Outlets), AttributionRole.Outlet));
        }

        if (random.Chance(0.7))
        {
            attribution.Add(new AttributionLink($"{ArticleWriter.PlatformName(draft.Platform)} (company)", AttributionRole.Organization));
        }

        var asserted = AssertClaimHandler.Decide(new AssertClaim(
            claimId, source.SourceId, draft.Platform, draft.Metric, draft.Value, draft.Qualifier, draft.AsOf, attribution, quote,
            headline is null ? [] : [headline], recorder, random.Chance(0.25) ? Sentence(random, language) : null), existing: null, source, Catalog);
        var claim = Claim.Evolve(null, asserted)!;
        var events = new List<NewEvent> { New(ids, asserted, recorder.Name, null, correlation) };

        var followUps = new List<bool>();
        if (random.Chance(0.20))
        {
            followUps.Add(true);
            if (random.Chance(0.25))
            {
                followUps.Add(true);
            }
        }

        if (random.Chance(0.30))
        {
            followUps.Add(false);
            if (random.Chance(0.10))
            {
                followUps.Add(false);
            }
        }

        foreach (var isCorrection in followUps.OrderBy(_ => random.Next()).ToArray())
        {
            if (isCorrection)
            {
                var (changes, reason) = Correction(random, language, claim, source);
                var corrected = CorrectClaimHandler.Decide(new CorrectClaim(claimId, changes, reason), claim, source, Catalog);
                claim = Claim.Evolve(claim, corrected)!;
                events.Add(New(ids, corrected, random.PickOne(Editors), reason, correlation));
            }
            else
            {
                var verdict = Verdicts.Pick(random);
                var rationale = $"Checked against the platform's own report: {Sentence(random, language)}";
                var reviewed = ReviewClaimHandler.Decide(new ReviewClaim(claimId, verdict, rationale, random.PickOne(Reviewers)), claim);
                claim = Claim.Evolve(claim, reviewed)!;
                events.Add(New(ids, reviewed, reviewed.Reviewer, rationale, correlation));
            }
        }

        if (random.Chance(0.03))
        {
            const string reason = "Wrong source: the figure belongs to another article.";
            var retracted = RetractClaimHandler.Decide(new RetractClaim(claimId, reason), claim);
            events.Add(New(ids, retracted, random.PickOne(Editors), reason, correlation));
        }

        return events;
    }

    private static ClaimDraft Draft(Random random, LanguagePack language, PartialDate published, bool inHeadline)
    {
        var platform = ValueModel.Platforms.Pick(random);
        var metric = ValueModel.Metrics.Pick(random);
        var reference = published.IsKnown ? published.Start : RandomDay(random);
        if (ValueModel.IsChange(metric))
        {
            var start = reference.AddMonths(-random.Next(6, 19));
            var since = PartialDate.OfMonth(start.Year, start.Month);
            var date = published.IsKnown ? published : PartialDate.OfMonth(reference.Year, reference.Month);
            var months = Math.Max(1, (date.Start.DayNumber - since.Start.DayNumber) / 30.4);
            var gain = ValueModel.TrueValue(platform, metric, date.Start) * months / 12 * (1 + random.Noise(0.15)) * (random.Chance(0.12) ? -1 : 1);
            var qualifier = random.Chance(0.8) ? Qualifier.Exact : Qualifier.Approximate;
            return new ClaimDraft(platform, metric, ValueModel.Round(gain, qualifier), qualifier,
                new AsOf(date, since, ArticleWriter.SincePhrase(language, since)), false);
        }

        var chosen = ValueModel.Qualifiers.Pick(random);
        if (chosen == Qualifier.Forecast)
        {
            var year = reference.Year + random.Next(1, 6);
            var target = ValueModel.TrueValue(platform, metric, new DateOnly(year, 12, 31)) * (1 + random.Noise(0.15));
            return new ClaimDraft(platform, metric, ValueModel.Round(target, chosen), chosen, new AsOf(PartialDate.OfYear(year)), false);
        }

        var asOf = LevelAsOf(random, language, published, reference);
        var valueDate = asOf.Date.IsKnown ? asOf.Date.Start : reference;
        var value = ValueModel.TrueValue(platform, metric, valueDate) * (1 + random.Noise(0.06));
        return new ClaimDraft(platform, metric, ValueModel.Round(value, chosen), chosen, asOf, inHeadline);
    }

    private static AsOf LevelAsOf(Random random, LanguagePack language, PartialDate published, DateOnly reference)
    {
        if (!published.IsKnown)
        {
            var month = PartialDate.OfMonth(reference.Year, reference.Month);
            return new AsOf(month, Text: ArticleWriter.AtPhrase(language, month));
        }

        var roll = random.NextDouble();
        if (roll < 0.60)
        {
            return new AsOf(published, Note: random.Chance(0.3) ? "No time phrase: as of publication." : null);
        }

        if (roll < 0.85)
        {
            var earlier = published.Start.AddMonths(-random.Next(1, 19));
            var month = PartialDate.OfMonth(earlier.Year, earlier.Month);
            return new AsOf(month, Text: ArticleWriter.AtPhrase(language, month));
        }

        if (roll < 0.95)
        {
            var year = PartialDate.OfYear(published.Start.Year - random.Next(0, 2));
            return new AsOf(year, Text: ArticleWriter.AtPhrase(language, year));
        }

        return new AsOf(PartialDate.Unknown, Note: "The article gives no date for this figure.");
    }

    private static (ClaimChanges Changes, string Reason) Correction(Random random, LanguagePack language, Claim claim, Source source)
    {
        var kind = Corrections.Pick(random);
        if (kind == CorrectionKind.Qualifier && claim.Qualifier != Qualifier.Forecast)
        {
            var others = new[] { Qualifier.Exact, Qualifier.Approximate, Qualifier.AtLeast, Qualifier.AtMost }.Where(q => q != claim.Qualifier).ToArray();
            return (new ClaimChanges(Qualifier: random.PickOne(others)), "The article hedges the number; qualifier corrected.");
        }

        if (kind == CorrectionKind.AsOf && claim.Qualifier != Qualifier.Forecast && claim.AsOf.Since is null && source.Published.IsKnown)
        {
            var date = claim.AsOf.Date.Precision == DatePrecision.Year || !claim.AsOf.Date.IsKnown
                ? PartialDate.OfMonth(source.Published.Start.Year, source.Published.Start.Month)
                : PartialDate.OfYear(claim.AsOf.Date.Start.Year);
            return (new ClaimChanges(AsOf: claim.AsOf with { Date = date, Note = "Re-dated after reading the cited report." }), "The figure is dated by the report it cites.");
        }

        if (kind == CorrectionKind.Metric && ValueModel.UserLevels.Contains(claim.Metric))
        {
            return (new ClaimChanges(Metric: random.PickOne(ValueModel.UserLevels.Where(m => m != claim.Metric).ToArray())),
                "Reclassified: the article does not say which kind of users it counts.");
        }

        if (kind == CorrectionKind.Notes)
        {
            return (new ClaimChanges(Notes: Sentence(random, language)), "Added the recorder's reading of the passage.");
        }

        var factor = 1 + ((random.Chance(0.5) ? 1 : -1) * (0.03 + (random.NextDouble() * 0.22)));
        var value = ValueModel.Round((double)claim.Value * factor, claim.Qualifier);
        if (value == claim.Value || value == 0)
        {
            value = claim.Value * 2;
        }

        return (new ClaimChanges(Value: value), "Misread the figure; corrected to what the article states.");
    }

    private static NewEvent New(EventIds ids, object data, string actor, string? reason, Guid correlation) =>
        new(data, new EventMetadata { Actor = actor, Reason = reason, CorrelationId = correlation }, ids.Next());

    /// <summary>
    /// Event ids unique by construction: the article's index and the event's number within the article, the rest
    /// random. (Per-article generators have 31-bit seeds, so two of a million articles can draw the same random bytes.)
    /// </summary>
    private sealed class EventIds(int article, Random random)
    {
        private short _next;

        public Guid Next()
        {
            var tail = new byte[8];
            random.NextBytes(tail);
            tail[0] = (byte)((tail[0] & 0x3F) | 0x80);
            return new Guid(article, _next++, (short)(0x4000 | random.Next(0x1000)), tail);
        }
    }

    private static PartialDate RandomPublished(Random random)
    {
        var day = RandomDay(random);
        var roll = random.NextDouble();
        return roll < 0.85 ? PartialDate.Day(day.Year, day.Month, day.Day)
            : roll < 0.95 ? PartialDate.OfMonth(day.Year, day.Month)
            : roll < 0.98 ? PartialDate.OfYear(day.Year)
            : PartialDate.Unknown;
    }

    private static DateOnly RandomDay(Random random) =>
        DateOnly.FromDayNumber(new DateOnly(2012, 1, 1).DayNumber + random.Next(0, 14 * 365));

    private static string Sentence(Random random, LanguagePack language)
    {
        var words = Enumerable.Range(0, random.Next(6, 14)).Select(_ => random.PickOne(language.Vocabulary)).ToArray();
        return char.ToUpperInvariant(words[0][0]) + string.Join(' ', words)[1..] + ".";
    }

    /// <summary>A well-spread seed per article (SplitMix64 finaliser), so neighbouring articles share no patterns.</summary>
    private static int Mix(int seed, int index)
    {
        var z = ((ulong)(uint)seed << 32) | (uint)index;
        z += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        z ^= z >> 31;
        return (int)(z & 0x7FFF_FFFF);
    }
}
