using FactLedger.Ledger.Application;
using FactLedger.Ledger.Catalog;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FactLedger.Api.Apis;

/// <param name="Version">The catalog stream's version (0: only the built-in catalog); also the ETag, for If-Match on extensions.</param>
public sealed record CatalogResponse(int Version, IReadOnlyList<Platform> Platforms, IReadOnlyList<Metric> Metrics);

public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/catalog", GetCatalog)
            .WithTags("Catalog")
            .WithName("GetCatalog")
            .WithSummary("The platforms (with aliases) and metrics claims may name")
            .Produces(StatusCodes.Status304NotModified);
        return app;
    }

    public static async Task<Results<Ok<CatalogResponse>, StatusCodeHttpResult>> GetCatalog(
        HttpContext http, CatalogProvider catalogs, CancellationToken cancellationToken)
    {
        var (catalog, version) = await catalogs.GetAsync(cancellationToken);
        if (ETags.IsNotModified(http, ETags.ForVersion(version)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Ok(new CatalogResponse(version, catalog.Platforms, catalog.Metrics));
    }
}
