using System.Text.Json;
using FactLedger.Api.Contracts;
using FactLedger.Api.Problems;
using FactLedger.Api.Security;
using FactLedger.Ledger.Application;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Extraction;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FactLedger.Api.Apis;

/// <param name="Claim">The candidate as a ready assertion: edit what needs it and POST it to <c>candidates/accept</c>.</param>
public sealed record CandidateProposal(ClaimCandidate Candidate, string SuggestedClaimId, AssertClaimRequest Claim);

public sealed record CandidateProposals(
    string SourceId, string Extractor, string ExtractorVersion, string Language, bool LanguageDetected,
    IReadOnlyList<CandidateProposal> Candidates, IReadOnlyList<VagueAmount> VagueAmounts);

/// <summary>Claims the extractor proposes for a registered source, and accepting one (with edits) as a claim.</summary>
public static class CandidatesApi
{
    public static IEndpointRouteBuilder MapCandidatesApi(this IEndpointRouteBuilder app)
    {
        // Proposing writes nothing, but it is fact-checkers' work and costs CPU: it needs a key like every POST.
        var candidates = app.MapGroup("/api/sources/{sourceId}/candidates").WithTags("Candidates").RequireAuthorization(ApiPolicies.FactChecker);
        candidates.MapPost("/", Propose)
            .WithName("ProposeCandidates")
            .WithSummary("Run the multilingual extractor over a registered source's text; appends nothing")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        candidates.MapPost("/accept", Accept)
            .RequireRateLimiting(FactLedgerApi.WritePolicy)
            .WithName("AcceptCandidate")
            .WithSummary("Assert an accepted candidate (with edits): the extractor is the recorder, the key's owner the actor")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<CandidateProposals>, ProblemHttpResult>> Propose(string sourceId, CandidateService candidates, CancellationToken cancellationToken)
    {
        var id = sourceId;
        var result = await candidates.ProposeAsync(id, cancellationToken);
        if (result is null)
        {
            return ApiProblems.NotFoundProblem($"No source '{id}' is registered.");
        }

        var proposals = result.Candidates.Select(candidate =>
        {
            var claim = CandidateClaims.ToAssertClaim(id, candidate);
            return new CandidateProposal(candidate, claim.ClaimId, ToRequest(claim));
        }).ToArray();
        return TypedResults.Ok(new CandidateProposals(id, ClaimExtractor.Name, ClaimExtractor.Version, result.Language, result.LanguageDetected, proposals, result.VagueAmounts));
    }

    public static async Task<Results<Created<WriteResult>, ProblemHttpResult>> Accept(
        HttpContext http, string sourceId, AssertClaimRequest request, CandidateService candidates, LedgerQueries queries, CancellationToken cancellationToken)
    {
        var id = sourceId;
        if (await queries.GetSourceStateAsync(id, cancellationToken) is null)
        {
            return ApiProblems.NotFoundProblem($"No source '{id}' is registered.");
        }

        var context = Writes.Context(http, existingStream: false);
        var result = await candidates.AcceptAsync(request.ToCommand(context.Actor) with { SourceId = id }, context, cancellationToken);
        var claimId = result.StreamId[Claim.StreamId("").Length..];
        return TypedResults.Created($"/api/claims/{claimId}", Writes.Answer(http, result));
    }

    private static AssertClaimRequest ToRequest(AssertClaim claim) => new(
        claim.ClaimId,
        claim.SourceId,
        claim.Platform,
        claim.Metric,
        claim.Value,
        JsonNamingPolicy.SnakeCaseLower.ConvertName(claim.Qualifier.ToString()),
        new AsOfRequest(claim.AsOf.Date.ToIsoOrNull(), claim.AsOf.Since?.ToIsoOrNull(), claim.AsOf.Text, claim.AsOf.Note),
        new QuoteRequest(claim.Quote.Text, claim.Quote.Start, claim.Quote.End),
        claim.Unit,
        [.. claim.Attribution.Select(a => new AttributionRequest(a.Name, JsonNamingPolicy.SnakeCaseLower.ConvertName(a.Role.ToString())))],
        [.. claim.AlsoQuoted.Select(q => new QuoteRequest(q.Text, q.Start, q.End))],
        new RecorderRequest("extractor", claim.RecordedBy.Name, claim.RecordedBy.Version),
        claim.Notes);
}
