using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Sources;

namespace FactLedger.Api.Exports;

/// <summary>A schema.org <c>ClaimReview</c> (https://schema.org/ClaimReview), the form fact-check aggregators read.</summary>
public sealed record ClaimReviewDocument(
    [property: JsonPropertyName("@context")] string Context,
    [property: JsonPropertyName("@type")] string Type,
    [property: JsonPropertyName("@id")] string Id,
    string Url,
    string ClaimReviewed,
    string DatePublished,
    SchemaThing Author,
    SchemaRating ReviewRating,
    SchemaClaim ItemReviewed);

public sealed record SchemaThing([property: JsonPropertyName("@type")] string Type, string Name, string? Url = null);

public sealed record SchemaRating(
    [property: JsonPropertyName("@type")] string Type,
    int? RatingValue,
    int BestRating,
    int WorstRating,
    string AlternateName,
    string RatingExplanation);

public sealed record SchemaClaim(
    [property: JsonPropertyName("@type")] string Type,
    SchemaThing? Author,
    string? DatePublished,
    SchemaCreativeWork Appearance);

public sealed record SchemaCreativeWork(
    [property: JsonPropertyName("@type")] string Type,
    string Headline,
    string? Url,
    string? DatePublished,
    string InLanguage,
    SchemaThing? Publisher);

public static class ClaimReviewJsonLd
{
    public const string ContentType = "application/ld+json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    /// <summary>The review of a claim, or null when it has none. Retracted claims are not published.</summary>
    public static ClaimReviewDocument? From(ClaimView claim, Source? source, string baseUrl)
    {
        if (claim.LatestReview is not { } review || claim.IsRetracted)
        {
            return null;
        }

        var url = $"{baseUrl}/api/claims/{Uri.EscapeDataString(claim.ClaimId)}";
        var origin = claim.Attribution.LastOrDefault(a => a.Role is AttributionRole.Organization or AttributionRole.Person);
        var published = claim.Source.Published.ToIsoOrNull();
        return new ClaimReviewDocument(
            "https://schema.org",
            "ClaimReview",
            $"{url}#review",
            url,
            claim.Quote.Text,
            review.At.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            new SchemaThing("Person", review.Reviewer),
            Rating(review.Verdict, review.Rationale),
            new SchemaClaim(
                "Claim",
                origin is null ? null : new SchemaThing(origin.Role == AttributionRole.Person ? "Person" : "Organization", origin.Name),
                published,
                new SchemaCreativeWork(
                    "CreativeWork",
                    claim.Source.Title,
                    claim.Source.Url ?? source?.Url,
                    published,
                    claim.Source.Language,
                    claim.Source.Publisher is { } publisher ? new SchemaThing("Organization", publisher) : null)));
    }

    public static string Serialize(ClaimReviewDocument review) => JsonSerializer.Serialize(review, Json);

    public static string Serialize(IReadOnlyList<ClaimReviewDocument> reviews) => JsonSerializer.Serialize(reviews, Json);

    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    /// <summary>A five-point scale where the verdict allows one; "unverifiable" has no place on it and carries no value.</summary>
    private static SchemaRating Rating(Verdict verdict, string rationale) => new(
        "Rating",
        verdict switch
        {
            Verdict.Supported => 5,
            Verdict.Disputed => 3,
            Verdict.Misleading => 2,
            Verdict.False => 1,
            _ => null,
        },
        5,
        1,
        CultureInfo.InvariantCulture.TextInfo.ToTitleCase(ClaimFormat.Enum(verdict)),
        rationale);
}
