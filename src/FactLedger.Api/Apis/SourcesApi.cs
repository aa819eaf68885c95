using FactLedger.Api.Contracts;
using FactLedger.Api.Problems;
using FactLedger.Api.Security;
using FactLedger.Ledger.Application;
using FactLedger.Ledger.Sources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FactLedger.Api.Apis;

public static class SourcesApi
{
    public static IEndpointRouteBuilder MapSourcesApi(this IEndpointRouteBuilder app)
    {
        var sources = app.MapGroup("/api/sources").WithTags("Sources");
        sources.MapGet("/", ListSources)
            .WithName("ListSources")
            .WithSummary("Every registered source with its claim count")
            .Produces(StatusCodes.Status304NotModified);
        sources.MapGet("/{sourceId}", GetSource)
            .WithName("GetSource")
            .WithSummary("A source with its full text and its claims; ETag is its stream version")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        var writes = sources.MapGroup("").RequireAuthorization(ApiPolicies.FactChecker).RequireRateLimiting(FactLedgerApi.WritePolicy);
        writes.MapPost("/", RegisterSource)
            .WithName("RegisterSource")
            .WithSummary("Register a document; its text is fixed from then on")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        writes.MapPost("/{sourceId}/corrections", CorrectSource)
            .WithName("CorrectSource")
            .WithSummary("Correct a source's metadata (send If-Match with the version you read)")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<SourceSummary>>, StatusCodeHttpResult>> ListSources(
        HttpContext http, LedgerQueries queries, CancellationToken cancellationToken)
    {
        if (await FiguresApi.IsNotModifiedAsync(http, queries, cancellationToken))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Ok(await queries.GetSourcesAsync(cancellationToken));
    }

    /// <remarks>
    /// No 304 here: the ETag is the source's stream version (for If-Match), but the claims listed with it change
    /// without that version moving.
    /// </remarks>
    public static async Task<Results<Ok<SourceDetail>, ProblemHttpResult>> GetSource(
        HttpContext http, LedgerQueries queries, string sourceId,
        [FromQuery(Name = ReadParameters.LedgerAsOfName)] string? ledgerAsOf, CancellationToken cancellationToken)
    {
        var detail = await queries.GetSourceAsync(sourceId, ReadParameters.LedgerAsOf(ledgerAsOf), cancellationToken);
        if (detail is null)
        {
            return ApiProblems.NotFoundProblem($"No source '{sourceId}'.");
        }

        http.Response.Headers.ETag = ETags.ForVersion(detail.Source.Version);
        return TypedResults.Ok(detail);
    }

    public static async Task<Created<WriteResult>> RegisterSource(
        HttpContext http, LedgerCommands commands, RegisterSourceRequest request, CancellationToken cancellationToken)
    {
        var context = Writes.Context(http, existingStream: false);
        var result = await commands.RegisterSourceAsync(request.ToCommand(), context, cancellationToken);
        var sourceId = result.StreamId[Source.StreamId("").Length..];
        return TypedResults.Created($"/api/sources/{Uri.EscapeDataString(sourceId)}", Writes.Answer(http, result));
    }

    public static async Task<Results<Ok<WriteResult>, ProblemHttpResult>> CorrectSource(
        HttpContext http, LedgerCommands commands, LedgerQueries queries, string sourceId, CorrectSourceRequest request, CancellationToken cancellationToken)
    {
        if (await queries.GetSourceStateAsync(sourceId, cancellationToken) is null)
        {
            return ApiProblems.NotFoundProblem($"No source '{sourceId}'.");
        }

        return await Writes.UpdateAsync(http, context => commands.CorrectSourceMetadataAsync(request.ToCommand(sourceId), context, cancellationToken));
    }
}
