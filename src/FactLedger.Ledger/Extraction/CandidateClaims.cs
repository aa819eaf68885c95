using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Extraction;

/// <summary>Turns the extractor's candidates into what a fact-checker accepts: claims recorded as the extractor's.</summary>
public static class CandidateClaims
{
    /// <summary>The recorder of every accepted candidate: the extractor and its version (the accepting person is the actor).</summary>
    public static Recorder Recorder { get; } = new(RecorderKind.Extractor, ClaimExtractor.Name, ClaimExtractor.Version);

    /// <summary>A readable, URL-safe claim id: "{sourceId}.{platform}-{metric}-{value}", e.g. "...telegram-monthly-active-users-100m".</summary>
    public static string SuggestClaimId(string sourceId, ClaimCandidate candidate) =>
        $"{sourceId}.{candidate.Platform}-{candidate.Metric.Replace('_', '-')}-{CompactValue(candidate.Value)}";

    public static AssertClaim ToAssertClaim(string sourceId, ClaimCandidate candidate, string? claimId = null) => new(
        claimId ?? SuggestClaimId(sourceId, candidate),
        sourceId,
        candidate.Platform,
        candidate.Metric,
        candidate.Value,
        ParseQualifier(candidate.Qualifier),
        new AsOf(candidate.AsOf.Date, candidate.AsOf.Since, candidate.AsOf.Text, candidate.AsOf.Assumed ? "assumed: the sentence gives no time, so the publication date stands in" : null),
        Attribution(candidate),
        new Claims.QuoteSpan(candidate.Quote, candidate.Start, candidate.End),
        [.. candidate.Mentions.Where(m => m.Start != candidate.Start || m.End != candidate.End).Select(m => new Claims.QuoteSpan(m.Quote, m.Start, m.End))],
        Recorder,
        $"Proposed by {ClaimExtractor.Name} {ClaimExtractor.Version} (confidence {candidate.Confidence.ToString("0.00", CultureInfo.InvariantCulture)}; cues: {string.Join(", ", candidate.Cues)}).");

    /// <summary>
    /// The candidates as a claims file in the seed format (<c>*.claims.json</c>): a fact-checker deletes what is wrong,
    /// edits what needs it, and <c>factledger ingest</c> asserts the rest, recorded as the extractor's.
    /// </summary>
    public static string ToClaimsFile(string sourceId, IEnumerable<ClaimCandidate> candidates)
    {
        var claims = new JsonArray();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            // The same figure can recur for different dates ("60 million in May", "60 million now"): ids stay unique.
            var id = SuggestClaimId(sourceId, candidate);
            for (var n = 2; !used.Add(id); n++)
            {
                id = $"{SuggestClaimId(sourceId, candidate)}-{n}";
            }

            var claim = ToAssertClaim(sourceId, candidate, id);
            claims.Add(new JsonObject
            {
                ["id"] = claim.ClaimId,
                ["platform"] = claim.Platform,
                ["metric"] = claim.Metric,
                ["value"] = claim.Value,
                ["qualifier"] = candidate.Qualifier,
                ["asOf"] = new JsonObject
                {
                    ["date"] = claim.AsOf.Date.ToIsoOrNull(),
                    ["since"] = claim.AsOf.Since?.ToIsoOrNull(),
                    ["text"] = claim.AsOf.Text,
                    ["note"] = claim.AsOf.Note,
                },
                ["attribution"] = new JsonArray([.. claim.Attribution.Select(a => (JsonNode)new JsonObject
                {
                    ["name"] = a.Name,
                    ["role"] = JsonNamingPolicy.SnakeCaseLower.ConvertName(a.Role.ToString()),
                })]),
                ["quote"] = claim.Quote.Text,
                ["start"] = claim.Quote.Start,
                ["end"] = claim.Quote.End,
                ["alsoQuoted"] = new JsonArray([.. claim.AlsoQuoted.Select(q => (JsonNode)new JsonObject { ["quote"] = q.Text, ["start"] = q.Start, ["end"] = q.End })]),
                ["recordedBy"] = new JsonObject { ["kind"] = "extractor", ["name"] = Recorder.Name, ["version"] = Recorder.Version },
                ["notes"] = claim.Notes,
            });
        }

        return new JsonObject { ["sourceId"] = sourceId, ["claims"] = claims }.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static IReadOnlyList<AttributionLink> Attribution(ClaimCandidate candidate) =>
        candidate.AttributedTo.Count == 0
            ? [new AttributionLink("the article", AttributionRole.Article)]
            // The extractor names who is credited, outermost first; which of them is a person is for the checker to confirm.
            : [.. candidate.AttributedTo.Select((name, i) => new AttributionLink(name, i == candidate.AttributedTo.Count - 1 ? AttributionRole.Organization : AttributionRole.Outlet))];

    private static Qualifier ParseQualifier(string qualifier) => qualifier switch
    {
        Qualifiers.Approximate => Qualifier.Approximate,
        Qualifiers.AtLeast => Qualifier.AtLeast,
        Qualifiers.AtMost => Qualifier.AtMost,
        Qualifiers.Forecast => Qualifier.Forecast,
        _ => Qualifier.Exact,
    };

    private static string CompactValue(decimal value) => value switch
    {
        >= 1_000_000_000m when value % 1_000_000_000m == 0 => $"{value / 1_000_000_000m:0}b",
        >= 1_000_000m when value % 1_000_000m == 0 => $"{value / 1_000_000m:0}m",
        >= 1_000m when value % 1_000m == 0 => $"{value / 1_000m:0}k",
        _ => value.ToString("0.####", CultureInfo.InvariantCulture).Replace('.', '-'),
    };
}
