using System.Net;
using FactLedger.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FactLedger.Api.Tests;

public sealed class OpenApiTests(EmptyLedgerApi api) : IClassFixture<EmptyLedgerApi>
{
    [Fact]
    public async Task The_OpenAPI_document_describes_every_route_with_a_name_and_summary()
    {
        var document = await (await api.Anonymous.GetAsync("/openapi/v1.json")).AssertOkJsonAsync();
        var paths = document.GetProperty("paths");
        var routes = api.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api", StringComparison.Ordinal) || raw == "/health"))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => (Path: Normalize(e.RoutePattern.RawText!), Method: m.ToLowerInvariant())))
            .ToArray();

        Assert.True(routes.Length >= 33, $"only {routes.Length} routes found");
        foreach (var (path, method) in routes)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is missing from the OpenAPI document");
            Assert.True(item.TryGetProperty(method, out var operation), $"{method.ToUpperInvariant()} {path} is missing");
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("operationId").GetString()), $"{method} {path} has no name");
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), $"{method} {path} has no summary");
            Assert.True(operation.GetProperty("responses").EnumerateObject().Any(), $"{method} {path} lists no responses");
            var needsKey = path.StartsWith("/api/admin", StringComparison.Ordinal) || method is "post" or "delete";
            Assert.Equal(needsKey, operation.TryGetProperty("security", out _));
        }

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
    }

    [Theory]
    [InlineData("/api/timelines/{platform}/{metric}")]
    [InlineData("/api/pages/claims/{platform}/{metric}")]
    public async Task Paged_reads_document_their_limit_cursor_and_next_link(string path)
    {
        var document = await (await api.Anonymous.GetAsync("/openapi/v1.json")).AssertOkJsonAsync();
        var operation = document.GetProperty("paths").GetProperty(path).GetProperty("get");

        var parameters = operation.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Contains("5000", parameters["limit"].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("cursor", parameters["after"].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(operation.GetProperty("responses").GetProperty("200").GetProperty("headers").TryGetProperty("Link", out _));
    }

    [Fact]
    public async Task The_figure_schema_carries_each_lists_total()
    {
        var document = await (await api.Anonymous.GetAsync("/openapi/v1.json")).AssertOkJsonAsync();
        var figure = document.GetProperty("components").GetProperty("schemas").GetProperty("CurrentFigure").GetProperty("properties");

        foreach (var total in new[] { "supportingTotal", "compatibleTotal", "conflictsTotal", "forecastsTotal", "excludedClaimsTotal" })
        {
            Assert.True(figure.TryGetProperty(total, out _), $"CurrentFigure lacks {total}");
        }
    }

    [Fact]
    public async Task Swagger_UI_is_served_at_docs()
    {
        var page = await api.Anonymous.GetAsync("/docs/index.html");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var config = await api.Anonymous.GetStringAsync("/docs/index.js");
        Assert.Contains("/openapi/v1.json", config, StringComparison.Ordinal);
    }

    /// <summary>The route as OpenAPI spells it: no constraints, no trailing slash.</summary>
    private static string Normalize(string route)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(route, "{([^}:]+)(:[^}]+)?}", "{$1}");
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }
}
