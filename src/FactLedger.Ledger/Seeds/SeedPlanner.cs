using FactLedger.Ledger.Catalog;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Sources;

namespace FactLedger.Ledger.Seeds;

/// <summary>Builds a <see cref="SeedPlan"/>; see there for the idempotency rules.</summary>
internal sealed class SeedPlanner(
    IReadOnlyDictionary<string, Source> existingSources,
    IReadOnlyDictionary<string, Claim> existingClaims,
    PlatformCatalog catalog,
    string actor)
{
    private readonly ValidationErrors _errors = new();
    private readonly List<PlannedStream> _sourceStreams = [];
    private readonly List<PlannedStream> _claimStreams = [];
    private readonly List<string> _warnings = [];

    public SeedPlan Plan(SeedSet seeds)
    {
        foreach (var article in seeds.Articles)
        {
            PlanArticle(article);
        }

        _errors.ThrowIfAny();
        return new SeedPlan([.. _sourceStreams, .. _claimStreams], _warnings);
    }

    private void PlanArticle(SeedArticle article)
    {
        var registered = Try($"{article.SourceFile}:$.", SourceField, () => RegisterSourceHandler.Decide(article.Source, null));
        if (registered is null)
        {
            return;
        }

        var fileSource = Source.Evolve(null, registered)!;
        var existing = existingSources.GetValueOrDefault(registered.SourceId);
        if (existing is not null && existing.TextSha256 != registered.TextSha256)
        {
            _errors.Add($"{article.SourceFile}:$.file",
                $"The text of '{article.TextFile}' differs from source '{existing.SourceId}' in the ledger (sha256 {existing.TextSha256}); a source's text never changes, register the new text under a new id.");
            return;
        }

        var source = PlanSource(article, registered, existing);
        foreach (var exclusion in article.Excluded.Where(e => !e.Quote.OccursIn(fileSource.Text)))
        {
            _errors.Add($"{article.ClaimsFile}:$.excluded[{exclusion.Index}]", $"The quote is not at [{exclusion.Quote.Start}, {exclusion.Quote.End}) in '{article.TextFile}'.");
        }

        foreach (var claim in article.Claims)
        {
            PlanClaim(article, claim, fileSource, source);
        }
    }

    /// <returns>The source as it will be once the plan is appended.</returns>
    private Source PlanSource(SeedArticle article, SourceRegistered registered, Source? existing)
    {
        var digest = "source:" + Digest.OfJson(registered);
        var stream = new StreamPlanBuilder(Source.StreamId(registered.SourceId), existing?.Version ?? 0);
        var planned = existing;
        if (existing is null)
        {
            var e = registered with { SeedDigests = [digest] };
            stream.Add(e, actor, null, $"source-registered {e.SourceId} ({e.Title})");
            planned = Source.Evolve(null, e);
        }
        else if (!existing.SeedDigests.Contains(digest))
        {
            var target = Source.Evolve(null, registered)!;
            var changes = CorrectSourceMetadataHandler.Difference(existing, target);
            if (!changes.IsEmpty)
            {
                var reason = $"seed file edited: {article.SourceFile}";
                var e = Try($"{article.SourceFile}:$.", SourceField,
                    () => CorrectSourceMetadataHandler.Decide(new CorrectSourceMetadata(existing.SourceId, changes, reason, [digest]), existing));
                if (e is not null)
                {
                    stream.Add(e, actor, reason, $"source-metadata-corrected {e.SourceId} ({string.Join(", ", ChangedFields(e.Changes))}; {reason})");
                    planned = Source.Evolve(existing, e);
                }
            }
        }

        if (stream.Build() is { } built)
        {
            _sourceStreams.Add(built);
        }

        return planned!;
    }

    private void PlanClaim(SeedArticle article, SeedClaim seed, Source fileSource, Source source)
    {
        var file = article.ClaimsFile!;
        var claimId = seed.Assert.ClaimId;
        var asserted = Try($"{file}:$.claims[{seed.Index}].", ClaimField, () => AssertClaimHandler.Decide(seed.Assert, null, fileSource, catalog));
        if (asserted is null)
        {
            return;
        }

        // The claim as the file states it, corrections included: validates every correction even when nothing is planned.
        var fileClaim = Claim.Evolve(null, asserted)!;
        var corrections = new List<(SeedCorrection Seed, string Digest)>();
        foreach (var correction in article.Corrections.Where(c => c.ClaimId == claimId))
        {
            var e = Try($"{file}:$.corrections[{correction.Index}].", CorrectionField,
                () => CorrectClaimHandler.Decide(new CorrectClaim(claimId, correction.Changes, correction.Reason), fileClaim, fileSource, catalog));
            if (e is null)
            {
                return;
            }

            fileClaim = Claim.Evolve(fileClaim, e)!;
            corrections.Add((correction, "correction:" + Digest.OfJson(new CorrectionKey(claimId, correction.Changes, correction.Reason))));
        }

        var claimDigest = "claim:" + Digest.OfJson(asserted);
        var existing = existingClaims.GetValueOrDefault(claimId);
        if (existing is not null && existing.SourceId != asserted.SourceId)
        {
            _errors.Add($"{file}:$.claims[{seed.Index}].id", $"Claim '{claimId}' exists in the ledger for source '{existing.SourceId}', not '{asserted.SourceId}'.");
            return;
        }

        if (existing is { IsRetracted: true })
        {
            var unapplied = existing.SeedDigests.Contains(claimDigest)
                ? corrections.Any(c => !existing.SeedDigests.Contains(c.Digest))
                : !existing.HasSameContentAs(fileClaim);
            if (unapplied)
            {
                _warnings.Add($"claim {claimId} is retracted in the ledger; the changes in {file} were not applied.");
            }

            return;
        }

        var stream = new StreamPlanBuilder(Claim.StreamId(claimId), existing?.Version ?? 0);
        var running = existing;
        if (existing is null)
        {
            // A person who curated the file is the actor; for a candidate the extractor proposed, the person importing
            // the accepted file is (the extractor stays the recorder).
            var assertedBy = asserted.RecordedBy.Kind == RecorderKind.Extractor ? actor : asserted.RecordedBy.Name;
            stream.Add(asserted, assertedBy, null, $"claim-asserted {claimId} ({asserted.Platform} {asserted.Metric} {ClaimFormat.Value(asserted.Value)})");
            running = Claim.Evolve(null, asserted)!;
            foreach (var (correction, _) in corrections)
            {
                running = AddCorrection(stream, running, source, file, correction, catalog) ?? running;
            }
        }
        else if (existing.SeedDigests.Contains(claimDigest))
        {
            foreach (var (correction, _) in corrections.Where(c => !existing.SeedDigests.Contains(c.Digest)))
            {
                running = AddCorrection(stream, running!, source, file, correction, catalog) ?? running;
            }
        }
        else if (existing.DifferenceTo(fileClaim) is { IsEmpty: false } changes)
        {
            var reason = $"seed file edited: {file}";
            var e = Try($"{file}:$.claims[{seed.Index}].", ClaimField,
                () => CorrectClaimHandler.Decide(new CorrectClaim(claimId, changes, reason), existing, source, catalog));
            if (e is not null)
            {
                stream.Add(e, actor, reason, Describe(existing, e));
            }
        }

        if (stream.Count > 0)
        {
            string[] digests = [.. new[] { claimDigest }.Concat(corrections.Select(c => c.Digest)).Where(d => existing?.SeedDigests.Contains(d) != true)];
            stream.ReplaceLast(e => e switch
            {
                ClaimAsserted a => a with { SeedDigests = digests },
                ClaimCorrected c => c with { SeedDigests = digests },
                _ => e,
            });
            _claimStreams.Add(stream.Build()!);
        }
    }

    /// <returns>The claim after the correction, or null when it changes nothing (or is invalid, which is recorded).</returns>
    private Claim? AddCorrection(StreamPlanBuilder stream, Claim claim, Source source, string file, SeedCorrection correction, PlatformCatalog catalog)
    {
        try
        {
            var e = CorrectClaimHandler.Decide(new CorrectClaim(claim.ClaimId, correction.Changes, correction.Reason), claim, source, catalog);
            stream.Add(e, correction.Actor, correction.Reason, Describe(claim, e));
            return Claim.Evolve(claim, e);
        }
        catch (LedgerValidationException failure) when (failure.Errors.Keys.All(k => k == "changes"))
        {
            return null;
        }
        catch (LedgerValidationException failure)
        {
            _errors.AddAll($"{file}:$.corrections[{correction.Index}].", Rename(failure, CorrectionField));
            return null;
        }
    }

    private static string Describe(Claim before, ClaimCorrected e)
    {
        var changes = ClaimFormat.Differences(before, Claim.Evolve(before, e)!).Select(d => $"{d.Field} {d.From ?? "(none)"} → {d.To ?? "(none)"}");
        var reason = e.Reason.Length <= 60 ? e.Reason : e.Reason[..59] + "…";
        return $"claim-corrected {e.ClaimId} ({string.Join(", ", changes)}; {reason})";
    }

    private static IEnumerable<string> ChangedFields(SourceMetadataChanges c) =>
        new (string Name, bool Changed)[]
        {
            ("title", c.Title is not null), ("publisher", c.Publisher is not null || c.Clears("publisher")),
            ("author", c.Author is not null || c.Clears("author")), ("url", c.Url is not null || c.Clears("url")),
            ("language", c.Language is not null), ("published", c.Published is not null || c.Clears("published")),
            ("publishedNote", c.PublishedNote is not null || c.Clears("publishedNote")), ("notes", c.Notes is not null || c.Clears("notes")),
        }.Where(f => f.Changed).Select(f => f.Name);

    private T? Try<T>(string prefix, Func<string, string> field, Func<T> decide) where T : class
    {
        try
        {
            return decide();
        }
        catch (LedgerValidationException failure)
        {
            _errors.AddAll(prefix, Rename(failure, field));
            return null;
        }
    }

    private static LedgerValidationException Rename(LedgerValidationException failure, Func<string, string> field) =>
        new(failure.Errors.GroupBy(e => field(e.Key)).ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray()));

    // Command field names → the seed files' JSON member names.
    private static string SourceField(string field) => field switch { "sourceId" => "id", "text" => "file", _ => field };

    private static string ClaimField(string field) => field switch { "claimId" => "id", _ => field };

    private static string CorrectionField(string field) => field switch
    {
        "claimId" or "reason" or "changes" => field,
        "cleared" => "changes.notes",
        _ => "changes." + field,
    };

    private sealed record CorrectionKey(string ClaimId, ClaimChanges Changes, string Reason);
}
