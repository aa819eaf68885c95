using FactLedger.Api.Contracts;
using FactLedger.Api.Exports;
using FactLedger.Api.Problems;
using FactLedger.Api.Security;
using FactLedger.Ledger.Application;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Figures;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FactLedger.Api.Apis;

/// <param name="Next">The cursor for the next page (pass it as <c>after</c>); null on the last page.</param>
public sealed record ClaimPage(IReadOnlyList<ClaimView> Items, string? Next);

/// <summary>Claims and their provenance. Claim ids ("source-id.claim-slug") are URL-safe as they are.</summary>
public static class ClaimsApi
{
    public static IEndpointRouteBuilder MapClaimsApi(this IEndpointRouteBuilder app)
    {
        var claims = app.MapGroup("/api/claims").WithTags("Claims");
        claims.MapGet("/", ListClaims)
            .WithName("ListClaims")
            .WithSummary("Claims in id order, filtered by platform, metric or source; paginated with the 'after' cursor")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        claims.MapGet("/{claimId}", GetClaim)
            .WithName("GetClaim")
            .WithSummary("One claim with its status, latest review and history; ETag is its stream version")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        claims.MapGet("/{claimId}/trail", GetTrail)
            .WithName("GetClaimTrail")
            .WithSummary("A claim's provenance: its source, the quote in context, attribution and history")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        claims.MapGet("/{claimId}/claim-review", GetClaimReview)
            .WithName("GetClaimReview")
            .WithSummary("A reviewed claim as schema.org ClaimReview JSON-LD")
            .Produces<ClaimReviewDocument>(StatusCodes.Status200OK, ClaimReviewJsonLd.ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound);

        var writes = claims.MapGroup("").RequireAuthorization(ApiPolicies.FactChecker).RequireRateLimiting(FactLedgerApi.WritePolicy);
        writes.MapPost("/", AssertClaim)
            .WithName("AssertClaim")
            .WithSummary("Record that a source asserts a number; the quote must sit at its offsets in the source text")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        writes.MapPost("/{claimId}/corrections", CorrectClaim)
            .WithName("CorrectClaim")
            .WithSummary("Correct fields of a claim (send If-Match with the version you read)")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        writes.MapPost("/{claimId}/reviews", ReviewClaim)
            .WithName("ReviewClaim")
            .WithSummary("Record a verdict on a claim")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        writes.MapPost("/{claimId}/retraction", RetractClaim)
            .WithName("RetractClaim")
            .WithSummary("Retract a claim that should never have been recorded; it stays in the ledger, marked retracted")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Results<Ok<ClaimPage>, StatusCodeHttpResult>> ListClaims(
        HttpContext http, LedgerQueries queries, CatalogProvider catalogs,
        string? platform, string? metric, string? source, string? after, int? limit, CancellationToken cancellationToken)
    {
        var (catalog, _) = await catalogs.GetAsync(cancellationToken);
        var platformId = ReadParameters.PlatformFilter(catalog, platform);
        var metricId = ReadParameters.MetricFilter(catalog, metric);
        var pageSize = ReadParameters.Limit(limit, 50, 500);
        if (await FiguresApi.IsNotModifiedAsync(http, queries, cancellationToken))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var items = await queries.ListClaimsAsync(platformId, metricId, string.IsNullOrWhiteSpace(source) ? null : source, after, pageSize, cancellationToken);
        var next = items.Count == pageSize ? items[^1].ClaimId : null;
        if (next is not null)
        {
            http.Response.Headers.Link = $"<{NextPageUrl(http.Request, next)}>; rel=\"next\"";
        }

        return TypedResults.Ok(new ClaimPage(items, next));
    }

    public static async Task<Results<Ok<ClaimView>, StatusCodeHttpResult, ProblemHttpResult>> GetClaim(
        HttpContext http, LedgerQueries queries, string claimId,
        [FromQuery(Name = ReadParameters.LedgerAsOfName)] string? ledgerAsOf, CancellationToken cancellationToken)
    {
        var claim = await queries.GetClaimAsync(claimId, ReadParameters.LedgerAsOf(ledgerAsOf), cancellationToken);
        if (claim is null)
        {
            return NoSuchClaim(claimId);
        }

        return ETags.IsNotModified(http, ETags.ForVersion(claim.Version))
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(claim);
    }

    public static async Task<Results<Ok<ClaimTrail>, StatusCodeHttpResult, ProblemHttpResult>> GetTrail(
        HttpContext http, LedgerQueries queries, string claimId,
        [FromQuery(Name = ReadParameters.LedgerAsOfName)] string? ledgerAsOf, CancellationToken cancellationToken)
    {
        var asOf = ReadParameters.LedgerAsOf(ledgerAsOf);
        if (await FiguresApi.IsNotModifiedAsync(http, queries, cancellationToken))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        if (await queries.GetTrailAsync(claimId, asOf, cancellationToken) is { } trail)
        {
            return TypedResults.Ok(trail);
        }

        http.Response.Headers.Remove("ETag");
        return NoSuchClaim(claimId);
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetClaimReview(
        HttpContext http, LedgerQueries queries, string claimId, CancellationToken cancellationToken)
    {
        var claim = await queries.GetClaimAsync(claimId, null, cancellationToken);
        if (claim is null)
        {
            return NoSuchClaim(claimId);
        }

        var source = await queries.GetSourceStateAsync(claim.SourceId, cancellationToken);
        return ClaimReviewJsonLd.From(claim, source, ClaimReviewJsonLd.BaseUrl(http.Request)) is { } review
            ? TypedResults.Content(ClaimReviewJsonLd.Serialize(review), ClaimReviewJsonLd.ContentType)
            : ApiProblems.NotFoundProblem($"Claim '{claimId}' has not been reviewed yet, so it has no ClaimReview.");
    }

    public static async Task<Created<WriteResult>> AssertClaim(
        HttpContext http, LedgerCommands commands, AssertClaimRequest request, CancellationToken cancellationToken)
    {
        var context = Writes.Context(http, existingStream: false);
        var result = await commands.AssertClaimAsync(request.ToCommand(context.Actor), context, cancellationToken);
        var claimId = result.StreamId[Claim.StreamId("").Length..];
        return TypedResults.Created($"/api/claims/{Uri.EscapeDataString(claimId)}", Writes.Answer(http, result));
    }

    public static async Task<Results<Ok<WriteResult>, ProblemHttpResult>> CorrectClaim(
        HttpContext http, LedgerCommands commands, LedgerQueries queries, string claimId, CorrectClaimRequest request, CancellationToken cancellationToken)
    {
        if (await queries.GetClaimAsync(claimId, null, cancellationToken) is null)
        {
            return NoSuchClaim(claimId);
        }

        return await Writes.UpdateAsync(http, context => commands.CorrectClaimAsync(request.ToCommand(claimId), context, cancellationToken));
    }

    public static async Task<Results<Ok<WriteResult>, ProblemHttpResult>> ReviewClaim(
        HttpContext http, LedgerCommands commands, LedgerQueries queries, string claimId, ReviewClaimRequest request, CancellationToken cancellationToken)
    {
        if (await queries.GetClaimAsync(claimId, null, cancellationToken) is null)
        {
            return NoSuchClaim(claimId);
        }

        return await Writes.UpdateAsync(http, context => commands.ReviewClaimAsync(request.ToCommand(claimId, context.Actor), context, cancellationToken));
    }

    public static async Task<Results<Ok<WriteResult>, ProblemHttpResult>> RetractClaim(
        HttpContext http, LedgerCommands commands, LedgerQueries queries, string claimId, RetractClaimRequest request, CancellationToken cancellationToken)
    {
        if (await queries.GetClaimAsync(claimId, null, cancellationToken) is null)
        {
            return NoSuchClaim(claimId);
        }

        return await Writes.UpdateAsync(http, context => commands.RetractClaimAsync(request.ToCommand(claimId), context, cancellationToken));
    }

    private static ProblemHttpResult NoSuchClaim(string claimId) =>
        ApiProblems.NotFoundProblem($"No claim '{claimId}'.");

    private static string NextPageUrl(HttpRequest request, string next)
    {
        var query = request.Query
            .Where(q => q.Key != "after")
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"after={Uri.EscapeDataString(next)}");
        return $"{request.PathBase}{request.Path}?{string.Join('&', query)}";
    }
}
