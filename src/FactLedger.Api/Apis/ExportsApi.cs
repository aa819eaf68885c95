using FactLedger.Api.Exports;
using FactLedger.Ledger.Application;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Sources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FactLedger.Api.Apis;

public static class ExportsApi
{
    public static IEndpointRouteBuilder MapExportsApi(this IEndpointRouteBuilder app)
    {
        var exports = app.MapGroup("/api/exports").WithTags("Exports");
        exports.MapGet("/figures.csv", ExportFigures)
            .WithName("ExportFiguresCsv")
            .WithSummary("Current figures as CSV (valid-at and ledger-as-of as for GET /api/figures)")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        exports.MapGet("/timelines/{platform}/{metric}.csv", ExportTimeline)
            .WithName("ExportTimelineCsv")
            .WithSummary("A platform and metric's timeline as CSV")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        exports.MapGet("/claim-reviews.jsonld", ExportClaimReviews)
            .WithName("ExportClaimReviews")
            .WithSummary("Every reviewed, unretracted claim as schema.org ClaimReview JSON-LD")
            .Produces<IReadOnlyList<ClaimReviewDocument>>(StatusCodes.Status200OK, ClaimReviewJsonLd.ContentType)
            .Produces(StatusCodes.Status304NotModified);
        return app;
    }

    public static async Task<Results<ContentHttpResult, StatusCodeHttpResult>> ExportFigures(
        HttpContext http, LedgerQueries queries,
        [FromQuery(Name = ReadParameters.ValidAtName)] string? validAt,
        [FromQuery(Name = ReadParameters.LedgerAsOfName)] string? ledgerAsOf,
        CancellationToken cancellationToken)
    {
        var query = new FigureQuery(null, null, ReadParameters.ValidAt(validAt), ReadParameters.LedgerAsOf(ledgerAsOf));
        if (await FiguresApi.IsNotModifiedAsync(http, queries, cancellationToken))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        http.Response.Headers.ContentDisposition = "attachment; filename=\"figures.csv\"";
        return TypedResults.Content(Csv.Figures(await queries.GetFiguresAsync(query, cancellationToken)), Csv.ContentType);
    }

    public static async Task<Results<ContentHttpResult, CsvStream, StatusCodeHttpResult, ProblemHttpResult>> ExportTimeline(
        HttpContext http, LedgerQueries queries, CatalogProvider catalogs, string platform, string metric,
        [FromQuery(Name = ReadParameters.LedgerAsOfName)] string? ledgerAsOf,
        CancellationToken cancellationToken)
    {
        var (platformId, metricId, unknown) = await ReadParameters.FigureKeyAsync(catalogs, platform, metric, cancellationToken);
        if (unknown is not null)
        {
            return unknown;
        }

        var asOf = ReadParameters.LedgerAsOf(ledgerAsOf);
        if (await FiguresApi.IsNotModifiedAsync(http, queries, cancellationToken))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{platformId}-{metricId}.csv\"";
        if (asOf is not null)
        {
            return TypedResults.Content(Csv.Timeline(await queries.GetTimelineAsync(platformId, metricId, asOf, cancellationToken)), Csv.ContentType);
        }

        // Written page by page as the pages are read, so a long timeline never sits whole in memory.
        return new CsvStream(Csv.TimelineHeader, queries.StreamTimelineAsync(platformId, metricId, cancellationToken).Select(Csv.TimelineRow));
    }

    public static async Task<Results<ContentHttpResult, StatusCodeHttpResult>> ExportClaimReviews(
        HttpContext http, LedgerQueries queries, CancellationToken cancellationToken)
    {
        if (await FiguresApi.IsNotModifiedAsync(http, queries, cancellationToken))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var baseUrl = ClaimReviewJsonLd.BaseUrl(http.Request);
        var sources = new Dictionary<string, Source?>(StringComparer.Ordinal);
        var reviews = new List<ClaimReviewDocument>();
        string? after = null;
        while (true)
        {
            var page = await queries.ListClaimsAsync(null, null, null, after, 500, cancellationToken);
            foreach (var claim in page.Where(c => c.LatestReview is not null && !c.IsRetracted))
            {
                if (!sources.TryGetValue(claim.SourceId, out var source))
                {
                    source = await queries.GetSourceStateAsync(claim.SourceId, cancellationToken);
                    sources[claim.SourceId] = source;
                }

                if (ClaimReviewJsonLd.From(claim, source, baseUrl) is { } review)
                {
                    reviews.Add(review);
                }
            }

            if (page.Count < 500)
            {
                break;
            }

            after = page[^1].ClaimId;
        }

        return TypedResults.Content(ClaimReviewJsonLd.Serialize(reviews), ClaimReviewJsonLd.ContentType);
    }
}
