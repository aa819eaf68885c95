using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Sources;

namespace FactLedger.Ledger.Seeds;

/// <summary>Turns one article's seed files into commands, reporting missing fields with their JSON paths.</summary>
internal static class SeedArticleReader
{
    public static SeedArticle? Read(IReadOnlyDictionary<string, string> files, string sourceFile, string? claimsFile, ValidationErrors errors)
    {
        var json = SeedJson.Read<SourceFileJson>(files[sourceFile], sourceFile, errors);
        if (json is null)
        {
            return null;
        }

        var textFile = json.File ?? sourceFile[..^SeedFolder.SourceSuffix.Length] + ".txt";
        string? text = null;
        if (textFile.IndexOfAny(['/', '\\']) >= 0 || textFile.StartsWith('.'))
        {
            errors.Add($"{sourceFile}:$.file", $"'{textFile}' must be a file name in the seed folder, without a path.");
        }
        else if (!files.TryGetValue(textFile, out text))
        {
            errors.Add($"{sourceFile}:$.file", $"The article '{textFile}' is not in the seed folder.");
        }

        if (json.Id is null)
        {
            errors.Add($"{sourceFile}:$.id", "A source id is required.");
            return null;
        }

        var source = new RegisterSource(
            json.Id, json.Title ?? "", json.Publisher, json.Author, json.Url, json.Language ?? "", json.Published, json.PublishedNote,
            text ?? "", textFile, json.Notes);
        if (claimsFile is null)
        {
            return new SeedArticle(sourceFile, textFile, source, null, [], [], []);
        }

        var claims = SeedJson.Read<ClaimsFileJson>(files[claimsFile], claimsFile, errors);
        if (claims is null)
        {
            return new SeedArticle(sourceFile, textFile, source, claimsFile, [], [], []);
        }

        if (claims.SourceId != json.Id)
        {
            errors.Add($"{claimsFile}:$.sourceId", $"The claims file names source '{claims.SourceId}' but {sourceFile} registers '{json.Id}'.");
        }

        var reader = new Reader(claimsFile, json.Id, errors);
        var seedClaims = (claims.Claims ?? []).Select((c, i) => reader.Claim(c, i)).OfType<SeedClaim>().ToArray();
        var ids = seedClaims.Select(c => c.Assert.ClaimId).ToHashSet(StringComparer.Ordinal);
        var corrections = (claims.Corrections ?? []).Select((c, i) => reader.Correction(c, i, ids)).OfType<SeedCorrection>().ToArray();
        var excluded = (claims.Excluded ?? []).Select((e, i) => reader.Exclusion(e, i)).OfType<SeedExclusion>().ToArray();
        return new SeedArticle(sourceFile, textFile, source, claimsFile, seedClaims, corrections, excluded);
    }

    private sealed class Reader(string file, string sourceId, ValidationErrors errors)
    {
        public SeedClaim? Claim(ClaimJson? claim, int index)
        {
            var at = $"{file}:$.claims[{index}]";
            if (claim is null)
            {
                errors.Add(at, "A claim must be an object.");
                return null;
            }

            var before = errors.Count;
            var quote = Quote(claim.Quote, claim.Start, claim.End, at);
            Required(at, "id", claim.Id);
            Required(at, "platform", claim.Platform);
            Required(at, "metric", claim.Metric);
            Required(at, "value", claim.Value);
            Required(at, "qualifier", claim.Qualifier);
            Required(at, "asOf", claim.AsOf);
            var attribution = (claim.Attribution ?? []).Select((a, i) => Attribution(a, $"{at}.attribution[{i}]")).ToArray();
            var alsoQuoted = (claim.AlsoQuoted ?? []).Select((q, i) => Quote(q?.Quote, q?.Start, q?.End, $"{at}.alsoQuoted[{i}]")).ToArray();
            var recorder = Recorder(claim.RecordedBy, $"{at}.recordedBy");
            if (errors.Count > before)
            {
                return null;
            }

            return new SeedClaim(index, new AssertClaim(
                claim.Id!, sourceId, claim.Platform!, claim.Metric!, claim.Value!.Value, claim.Qualifier!.Value, claim.AsOf!,
                attribution!, quote!, alsoQuoted!, recorder, claim.Notes, claim.Unit));
        }

        public SeedCorrection? Correction(CorrectionJson? correction, int index, IReadOnlySet<string> claimIds)
        {
            var at = $"{file}:$.corrections[{index}]";
            if (correction is null)
            {
                errors.Add(at, "A correction must be an object.");
                return null;
            }

            var before = errors.Count;
            Required(at, "claimId", correction.ClaimId);
            Required(at, "reason", correction.Reason);
            Required(at, "changes", correction.Changes);
            if (correction.ClaimId is not null && !claimIds.Contains(correction.ClaimId))
            {
                errors.Add($"{at}.claimId", $"Claim '{correction.ClaimId}' is not among this file's claims.");
            }

            var changes = correction.Changes is { } element ? SeedChanges.Parse(element, $"{at}.changes", errors) : null;
            return errors.Count > before || changes is null
                ? null
                : new SeedCorrection(index, correction.ClaimId!, changes, correction.Reason!, correction.Actor ?? SeedFolder.DefaultRecorder.Name);
        }

        public SeedExclusion? Exclusion(QuoteJson? exclusion, int index)
        {
            var at = $"{file}:$.excluded[{index}]";
            var before = errors.Count;
            var quote = Quote(exclusion?.Quote, exclusion?.Start, exclusion?.End, at);
            Required(at, "reason", exclusion?.Reason);
            return errors.Count > before ? null : new SeedExclusion(index, quote!, exclusion!.Reason!);
        }

        private QuoteSpan? Quote(string? text, int? start, int? end, string at)
        {
            Required(at, "quote", text);
            Required(at, "start", start);
            Required(at, "end", end);
            return text is null || start is null || end is null ? null : new QuoteSpan(text, start.Value, end.Value);
        }

        private AttributionLink? Attribution(AttributionJson? link, string at)
        {
            Required(at, "name", link?.Name);
            Required(at, "role", link?.Role);
            return link is { Name: { } name, Role: { } role } ? new AttributionLink(name, role) : null;
        }

        private Recorder Recorder(RecorderJson? recorder, string at)
        {
            if (recorder is null)
            {
                return SeedFolder.DefaultRecorder;
            }

            Required(at, "name", recorder.Name);
            Required(at, "kind", recorder.Kind);
            return new Recorder(recorder.Kind ?? RecorderKind.Person, recorder.Name ?? "", recorder.Version);
        }

        private void Required(string at, string field, object? value)
        {
            if (value is null || value is string s && string.IsNullOrWhiteSpace(s))
            {
                errors.Add($"{at}.{field}", $"'{field}' is required.");
            }
        }
    }
}
