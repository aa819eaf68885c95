using FactLedger.Api.Http;
using FactLedger.Ledger.Application;
using FactLedger.Ledger.Figures;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FactLedger.Api.Apis;

public static class FiguresApi
{
    public static IEndpointRouteBuilder MapFiguresApi(this IEndpointRouteBuilder app)
    {
        var figures = app.MapGroup("/api/figures").WithTags("Figures").CacheOutput(ProjectionReadCache.PolicyName);
        figures.MapGet("/", ListFigures)
            .WithName("ListFigures")
            .WithSummary("Current figures for every platform and metric, with supporting and conflicting claims")
            .WithDescription("valid-at (YYYY[-MM[-DD]]) asks which figure applied on that day; ledger-as-of (feed sequence or timestamp) reads the ledger as it stood then.")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        figures.MapGet("/{platform}", ListPlatformFigures)
            .WithName("ListPlatformFigures")
            .WithSummary("Current figures of one platform (id or alias such as 'WA')")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        figures.MapGet("/{platform}/{metric}", GetFigure)
            .WithName("GetFigure")
            .WithSummary("The figure of one platform and metric")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/timelines/{platform}/{metric}", GetTimeline)
            .WithTags("Figures")
            .WithName("GetTimeline")
            .CacheOutput(ProjectionReadCache.PolicyName)
            .WithMetadata(new Paging.LinkPaged(Timeline.DefaultPageSize, Timeline.MaxPageSize))
            .WithSummary("Claims about a platform and metric in as-of order, with why figures exclude some, a page at a time")
            .WithDescription($"At most 'limit' entries (default {Timeline.DefaultPageSize}, at most {Timeline.MaxPageSize}). When more follow, a Link header with rel=\"next\" "
                + "gives the URL of the next page (its opaque 'after' cursor included). ledger-as-of (feed sequence or timestamp) reads the ledger as it stood then.")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<CurrentFigure>>, StatusCodeHttpResult>> ListFigures(
        HttpContext http, LedgerQueries queries, CatalogProvider catalogs,
        string? platform, string? metric,
        [FromQuery(Name = ReadParameters.ValidAtName)] string? validAt,
        [FromQuery(Name = ReadParameters.LedgerAsOfName)] string? ledgerAsOf,
        CancellationToken cancellationToken)
    {
        var (catalog, _) = await catalogs.GetAsync(cancellationToken);
        var query = new FigureQuery(
            ReadParameters.PlatformFilter(catalog, platform),
            ReadParameters.MetricFilter(catalog, metric),
            ReadParameters.ValidAt(validAt),
            ReadParameters.LedgerAsOf(ledgerAsOf));
        if (await IsNotModifiedAsync(http, queries, cancellationToken))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Ok(await queries.GetFiguresAsync(query, cancellationToken));
    }

    public static async Task<Results<Ok<IReadOnlyList<CurrentFigure>>, StatusCodeHttpResult, ProblemHttpResult>> ListPlatformFigures(
        HttpContext http, LedgerQueries queries, CatalogProvider catalogs, string platform,
        [FromQuery(Name = ReadParameters.ValidAtName)] string? validAt,
        [FromQuery(Name = ReadParameters.LedgerAsOfName)] string? ledgerAsOf,
        CancellationToken cancellationToken)
    {
        var (catalog, _) = await catalogs.GetAsync(cancellationToken);
        if (catalog.FindPlatform(platform) is not { } found)
        {
            return ReadParameters.UnknownPlatform(catalog, platform);
        }

        var query = new FigureQuery(found.Id, null, ReadParameters.ValidAt(validAt), ReadParameters.LedgerAsOf(ledgerAsOf));
        if (await IsNotModifiedAsync(http, queries, cancellationToken))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Ok(await queries.GetFiguresAsync(query, cancellationToken));
    }

    public static async Task<Results<Ok<CurrentFigure>, StatusCodeHttpResult, ProblemHttpResult>> GetFigure(
        HttpContext http, LedgerQueries queries, CatalogProvider catalogs, string platform, string metric,
        [FromQuery(Name = ReadParameters.ValidAtName)] string? validAt,
        [FromQuery(Name = ReadParameters.LedgerAsOfName)] string? ledgerAsOf,
        CancellationToken cancellationToken)
    {
        var (platformId, metricId, unknown) = await ReadParameters.FigureKeyAsync(catalogs, platform, metric, cancellationToken);
        if (unknown is not null)
        {
            return unknown;
        }

        var query = new FigureQuery(platformId, metricId, ReadParameters.ValidAt(validAt), ReadParameters.LedgerAsOf(ledgerAsOf));
        if (await IsNotModifiedAsync(http, queries, cancellationToken))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var figures = await queries.GetFiguresAsync(query, cancellationToken);
        return figures.Count > 0
            ? TypedResults.Ok(figures[0])
            : Problems.ApiProblems.NotFoundProblem($"The ledger has no figure for {platformId} {metricId}{(validAt is null ? "" : $" valid at {validAt}")}.");
    }

    public static async Task<Results<Ok<IReadOnlyList<TimelineEntry>>, StatusCodeHttpResult, ProblemHttpResult>> GetTimeline(
        HttpContext http, LedgerQueries queries, CatalogProvider catalogs, string platform, string metric,
        [FromQuery(Name = ReadParameters.LedgerAsOfName)] string? ledgerAsOf,
        [FromQuery(Name = Paging.LimitName)] int? limit,
        [FromQuery(Name = Paging.AfterName)] string? after,
        CancellationToken cancellationToken)
    {
        var (platformId, metricId, unknown) = await ReadParameters.FigureKeyAsync(catalogs, platform, metric, cancellationToken);
        if (unknown is not null)
        {
            return unknown;
        }

        var asOf = ReadParameters.LedgerAsOf(ledgerAsOf);
        var pageSize = Paging.TimelineLimit(limit);
        var cursor = Paging.TimelineAfter(after);
        if (await IsNotModifiedAsync(http, queries, cancellationToken))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var page = await queries.GetTimelinePageAsync(platformId, metricId, cursor, pageSize, asOf, cancellationToken);
        Paging.AdvertiseNext(http, page.Next, pageSize);
        return TypedResults.Ok(page.Entries);
    }

    /// <summary>Projection reads share one tag: where the figures checkpoint and the log head stand.</summary>
    internal static async Task<bool> IsNotModifiedAsync(HttpContext http, LedgerQueries queries, CancellationToken cancellationToken)
    {
        var position = await http.RequestServices.GetRequiredService<ReadPositionCache>().GetAsync(cancellationToken);
        return ETags.IsNotModified(http, position.ETag);
    }
}
