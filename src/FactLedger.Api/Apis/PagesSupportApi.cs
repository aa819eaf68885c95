using FactLedger.Api.Http;
using FactLedger.EventStore;
using FactLedger.Ledger.Application;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Figures;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FactLedger.Api.Apis;

/// <summary>
/// Reads the pages need that the public endpoints answer only for the present: the claims of one platform and metric
/// with their quotes (the chart's tooltips), and the list of sources, both at a ledger time.
/// </summary>
public static class PagesSupportApi
{
    public static IEndpointRouteBuilder MapPagesSupportApi(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/api/pages").WithTags("Pages");
        pages.MapGet("/claims/{platform}/{metric}", ListMetricClaims)
            .WithName("ListMetricClaims")
            .WithMetadata(new Paging.LinkPaged(Timeline.DefaultPageSize, Timeline.MaxPageSize))
            .WithSummary("The claims about a platform and metric, with quotes and history, in timeline order, a page at a time")
            .WithDescription("Pages as GET /api/timelines/{platform}/{metric} does (limit, after, Link rel=\"next\"), so the page of claims matches the timeline's page. "
                + "ledger-as-of (feed sequence or timestamp) reads the ledger as it stood then.")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        pages.MapGet("/sources", ListSources)
            .WithName("ListSourcesAtLedgerTime")
            .WithSummary("Every registered source with its claim count, optionally as the ledger stood at ledger-as-of")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<ClaimView>>, StatusCodeHttpResult, ProblemHttpResult>> ListMetricClaims(
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
        if (await FiguresApi.IsNotModifiedAsync(http, queries, cancellationToken))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var (claims, next) = await queries.GetTimelineClaimsPageAsync(platformId, metricId, cursor, pageSize, asOf, cancellationToken);
        Paging.AdvertiseNext(http, next, pageSize);
        return TypedResults.Ok(claims);
    }

    public static async Task<Results<Ok<IReadOnlyList<SourceSummary>>, StatusCodeHttpResult>> ListSources(
        HttpContext http, LedgerQueries queries, PostgresEventStore store,
        [FromQuery(Name = ReadParameters.LedgerAsOfName)] string? ledgerAsOf,
        CancellationToken cancellationToken)
    {
        var asOf = ReadParameters.LedgerAsOf(ledgerAsOf);
        if (await FiguresApi.IsNotModifiedAsync(http, queries, cancellationToken))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        if (asOf is not { } time)
        {
            return TypedResults.Ok(await queries.GetSourcesAsync(cancellationToken));
        }

        var snapshot = await LedgerSnapshot.LoadAsync(store, time, cancellationToken);
        var claimCounts = snapshot.Claims.CountBy(c => c.SourceId).ToDictionary(StringComparer.Ordinal);
        return TypedResults.Ok<IReadOnlyList<SourceSummary>>(
        [
            .. snapshot.Sources.Values
                .OrderBy(s => s.SourceId, StringComparer.Ordinal)
                .Select(s => new SourceSummary(s.SourceId, s.Title, s.Publisher, s.Language, s.Published.ToIsoOrNull(),
                    claimCounts.GetValueOrDefault(s.SourceId), s.Version)),
        ]);
    }
}
